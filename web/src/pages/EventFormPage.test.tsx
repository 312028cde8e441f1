import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import EventFormPage from './EventFormPage'
import { setSession } from '../api/session'
import { mockFetch, renderWithApp, testAuthSession } from '../test-render'

beforeEach(() => {
  setSession(testAuthSession())
})

describe('EventFormPage', () => {
  it('marks a missing title and a bad map link, and sends nothing', async () => {
    const { fetchMock, calls } = mockFetch({})
    vi.stubGlobal('fetch', fetchMock)
    renderWithApp(<EventFormPage />, { path: '/new', route: '/new' })
    const user = userEvent.setup()
    await user.click(screen.getByRole('button', { name: /Add a place/ }))
    await user.type(screen.getByLabelText('Name'), 'The Tap')
    await user.type(screen.getByLabelText(/Map link/), 'tap.example')
    await user.click(screen.getByRole('button', { name: /Create and invite/ }))
    expect(screen.getByRole('alert').textContent).toBe('Please fix the highlighted fields.')
    expect(screen.getByLabelText('Title').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText('A link must start with http:// or https://')).toBeTruthy()
    expect(calls).toHaveLength(0)
  })

  it('adds the same time on another day with one tap', async () => {
    vi.stubGlobal('fetch', mockFetch({}).fetchMock)
    renderWithApp(<EventFormPage />, { path: '/new', route: '/new' })
    const user = userEvent.setup()
    const chips = within(screen.getByRole('group', { name: 'Same time on:' })).getAllByRole('button')
    await user.click(chips[0]!)
    expect(screen.getAllByLabelText('Date')).toHaveLength(2)
    expect(screen.getAllByLabelText('Starts').map((i) => (i as HTMLInputElement).value)).toEqual([
      '19:00',
      '19:00',
    ])
  })

  it('creates the event and shows server field errors next to the right option', async () => {
    const { fetchMock, calls } = mockFetch({
      'POST /api/events': () => ({
        status: 400,
        body: {
          type: 'urn:prost:validation',
          title: 'Some answers need another look',
          status: 400,
          errors: [{ path: '/body/placeOptions/0/name', message: 'is already proposed' }],
        },
      }),
    })
    vi.stubGlobal('fetch', fetchMock)
    renderWithApp(<EventFormPage />, { path: '/new', route: '/new' })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Title'), 'Friday pints')
    await user.click(screen.getByRole('button', { name: /Add a place/ }))
    await user.type(screen.getByLabelText('Name'), 'The Tap')
    await user.click(screen.getByRole('button', { name: /Create and invite/ }))
    expect((await screen.findByRole('alert')).textContent).toContain('Some answers need another look')
    expect(screen.getAllByText(/is already proposed/).length).toBe(2) // inline and in the summary
    const body = calls[0]!.body as {
      title: string
      timeZone: string
      timeOptions: { durationMinutes: number }[]
      placeOptions: unknown[]
    }
    expect(body.title).toBe('Friday pints')
    expect(body.timeOptions).toHaveLength(1)
    expect(body.timeOptions[0]!.durationMinutes).toBe(180)
    expect(body.placeOptions).toEqual([{ name: 'The Tap' }])
    expect(calls[0]!.headers.authorization).toBe('Bearer acc')
  })
})
