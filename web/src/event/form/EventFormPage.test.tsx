import { beforeEach, describe, expect, it, vi } from 'vitest'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { createMemoryRouter, RouterProvider } from 'react-router'
import { http, HttpResponse } from 'msw'
import { CreateEventSchema } from '@prost/contracts'
import EventFormPage from './EventFormPage'
import { routes } from '../../App'
import { I18nProvider } from '../../i18n/i18n'
import { myEvent, SilentSocket } from '../../test/event-page'
import { signIn } from '../../test/fixtures'
import { renderWithApp } from '../../test/render'
import { problem, recordCalls, server } from '../../test/server'

beforeEach(() => {
  signIn()
})

describe('EventFormPage', () => {
  it('marks a missing title and a bad map link, and sends nothing', async () => {
    const calls = recordCalls()
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
    const calls = recordCalls()
    server.use(
      http.post('/api/events', () =>
        problem({
          type: 'https://prost.dev/problems/validation',
          title: 'Your request is not valid',
          status: 400,
          detail: '/body/placeOptions/0/name must match pattern "^[^\\u0000-\\u001f]*$"',
          errors: [
            { path: '/body/placeOptions/0/name', message: 'must match pattern "^[^\\u0000-\\u001f]*$"' },
          ],
        }),
      ),
    )
    renderWithApp(<EventFormPage />, { path: '/new', route: '/new' })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Title'), 'Friday pints')
    await user.click(screen.getByRole('button', { name: /Add a place/ }))
    await user.type(screen.getByLabelText('Name'), 'The Tap')
    await user.click(screen.getByRole('button', { name: /Create and invite/ }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Some answers need another look.')
    expect(alert.textContent).toContain('Place 1: This contains characters that are not allowed.')
    expect(screen.getAllByText(/characters that are not allowed/).length).toBe(2) // inline and in the summary
    expect(document.body.textContent).not.toMatch(/\/body|must match|placeOptions/)
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

  it('stops the title at the contract limit, counting as you type', async () => {
    renderWithApp(<EventFormPage />, { path: '/new', route: '/new' })
    const user = userEvent.setup()
    const title = screen.getByLabelText('Title') as HTMLInputElement
    const max = CreateEventSchema.properties.title.maxLength!
    expect(title.maxLength).toBe(max)
    await user.type(title, 'Pints')
    expect(screen.getByText(`5 of ${max} characters`)).toBeTruthy()
    await user.click(title)
    await user.paste('x'.repeat(140))
    expect(title.value).toHaveLength(max)
    expect(screen.getByText(`That is the limit: ${max} characters.`)).toBeTruthy()
  })

  it('"+ Add a time" proposes the next day at the same time, so nothing is proposed twice', async () => {
    const created = { id: 'e'.repeat(24) }
    const calls = recordCalls()
    server.use(http.post('/api/events', () => HttpResponse.json(created, { status: 201 })))
    renderWithApp(<EventFormPage />, { path: '/new', route: '/new' })
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Title'), 'Friday pints')
    const [first] = screen.getAllByLabelText('Date') as HTMLInputElement[]
    await user.click(screen.getByRole('button', { name: /Add a time/ }))
    const dates = (screen.getAllByLabelText('Date') as HTMLInputElement[]).map((i) => i.value)
    const next = new Date(Date.parse(`${first!.value}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
    expect(dates).toEqual([first!.value, next])
    expect(screen.getAllByLabelText('Starts').map((i) => (i as HTMLInputElement).value)).toEqual([
      '19:00',
      '19:00',
    ])
    expect(screen.queryByText('This time is proposed twice.')).toBeNull()
    await user.click(screen.getByRole('button', { name: /Create and invite/ }))
    await screen.findByText('elsewhere')
    expect(screen.queryByText('This time is proposed twice.')).toBeNull()
    const body = calls[0]!.body as { timeOptions: { startsAt: string }[] }
    expect(new Set(body.timeOptions.map((o) => o.startsAt)).size).toBe(2)
  })

  it('says a server failure in friendly Russian, never "Internal Server Error"', async () => {
    localStorage.setItem('prost.language', 'ru')
    signIn({ language: 'ru' })
    server.use(
      http.post('/api/events', () =>
        problem({ type: 'about:blank', title: 'Internal Server Error', status: 500 }),
      ),
    )
    const client = new QueryClient({
      defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
    })
    const router = createMemoryRouter([{ path: '/new', element: <EventFormPage /> }], {
      initialEntries: ['/new'],
    })
    render(
      <QueryClientProvider client={client}>
        <I18nProvider>
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>,
    )
    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Название'), 'Пятница')
    await user.click(screen.getByRole('button', { name: /Создать и позвать/ }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('У нас что-то пошло не так. Попробуйте ещё раз.')
    expect(document.body.textContent).not.toContain('Internal Server Error')
  })
})

describe('after "Create"', () => {
  // As the service answers a create: Ada organizes, no place yet, the invite link for her to share.
  const event = myEvent({ placeOptions: [], version: 1 })
  const { id } = event

  it('opens the event page at its top, with the invite link before the board', async () => {
    vi.stubGlobal('WebSocket', SilentSocket)
    server.use(
      http.post('/api/events', () => HttpResponse.json(event, { status: 201 })),
      http.get(`/api/events/${id}`, () => HttpResponse.json(event)),
      http.get(`/api/events/${id}/comments`, () => HttpResponse.json({ items: [], nextCursor: null })),
    )
    const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(() => undefined)
    const client = new QueryClient({
      defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
    })
    const router = createMemoryRouter(routes, { initialEntries: ['/new'] })
    render(
      <QueryClientProvider client={client}>
        <I18nProvider initial="en">
          <RouterProvider router={router} />
        </I18nProvider>
      </QueryClientProvider>,
    )
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Title'), 'Friday pints')
    scrollTo.mockClear()
    await user.click(screen.getByRole('button', { name: /Create and invite/ }))
    // The event page is its own lazily loaded chunk.
    const invite = await screen.findByRole('heading', { name: /Invite friends/ }, { timeout: 10_000 })
    expect(router.state.location.pathname).toBe(`/events/${id}`)
    expect(scrollTo).toHaveBeenCalledWith(0, 0)
    const board = screen.getByRole('heading', { name: /Still voting/ })
    expect(invite.compareDocumentPosition(board) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(screen.getByText(/Nobody has joined yet/)).toBeTruthy()
  })
})
