import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse, type HttpHandler } from 'msw'
import type { Event } from '@prost/contracts'
import { emptyBoard, myEvent, openEventPage } from '../test/event-page'
import { signIn } from '../test/fixtures'

const t1 = 'a'.repeat(24)
const t2 = 'c'.repeat(24)
const event = myEvent({
  description:
    'Bring a jacket.\nTickets: https://tickets.example/friday and the map <b>here</b>: http://osm.example/x',
  timeOptions: [
    { id: t1, startsAt: '2030-07-15T17:00:00.000Z', endsAt: '2030-07-15T20:00:00.000Z' },
    { id: t2, startsAt: '2030-07-16T17:00:00.000Z', endsAt: '2030-07-16T20:00:00.000Z' },
  ],
})
const { id } = event
const p1 = event.placeOptions[0]!.id
const board = emptyBoard(event, { bestTimeOptionId: t1, bestPlaceOptionId: p1 })

beforeEach(() => {
  signIn()
})

/** Opens the page of `current`, the server answering with `handlers` besides the event, board and comments. */
const open = (current: Event = event, handlers: HttpHandler[] = []) => ({
  calls: openEventPage(current, board, handlers),
})
const follows = (a: Element, b: Element) =>
  Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)

describe('EventPage for the organizer', () => {
  it('puts the invite link first, above the board and "Decide", while nobody has joined', async () => {
    open()
    const invite = await screen.findByRole('heading', { name: /Invite friends/ })
    const board = screen.getByRole('heading', { name: /Still voting/ })
    const decide = await screen.findByRole('heading', { name: /Decide/ })
    expect(follows(invite, board)).toBe(true)
    expect(follows(invite, decide)).toBe(true)
    expect(screen.getByLabelText('Invite link', { selector: 'input' })).toBeTruthy()
  })

  it('keeps the invite panel after "Decide" once a friend has joined', async () => {
    open({
      ...event,
      participants: [
        ...event.participants,
        { id: 'g1', kind: 'participant', name: 'Gabi', joinedAt: '2030-07-02T00:00:00Z' },
      ],
    })
    const decide = await screen.findByRole('heading', { name: /Decide/ })
    const invite = screen.getByRole('heading', { name: /Invite friends/ })
    expect(follows(decide, invite)).toBe(true)
    expect(follows(screen.getByRole('heading', { name: /Still voting/ }), invite)).toBe(true)
    expect(screen.queryByText(/Nobody has joined yet/)).toBeNull()
  })

  it('shows links in the description as safe links, keeping the line break and any markup as text', async () => {
    open()
    const description = (await screen.findByText(/Bring a jacket\./)).closest('p')!
    const links = within(description).getAllByRole('link')
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://tickets.example/friday',
      'http://osm.example/x',
    ])
    for (const a of links) {
      expect(a.getAttribute('target')).toBe('_blank')
      expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow')
    }
    expect(description.textContent).toBe(event.description)
    expect(description.querySelector('b')).toBeNull()
  })

  it('asks before finalizing, naming the time and place and that everyone is told', async () => {
    const finalized = { ...event, status: 'finalized' as const }
    const { calls } = open(event, [
      http.post(`/api/events/${id}/finalize`, () => HttpResponse.json(finalized)),
    ])
    const user = userEvent.setup()
    const decide = (await screen.findByRole('heading', { name: /Decide/ })).closest('section')!
    await user.selectOptions(within(decide).getByLabelText('Time'), t2)
    await user.click(within(decide).getByRole('button', { name: /Finalize/ }))
    const question = within(decide).getByText(/^Lock in/)
    expect(question.textContent).toMatch(/Tue 16 Jul.*19:00.* at The Tap\? Everyone is told/)
    expect((within(decide).getByLabelText('Time') as HTMLSelectElement).disabled).toBe(true)
    expect(calls.some((c) => c.url.endsWith('/finalize'))).toBe(false)
    await user.click(within(decide).getByRole('button', { name: 'Go back' }))
    expect(within(decide).queryByText(/^Lock in/)).toBeNull()
    expect(calls.some((c) => c.url.endsWith('/finalize'))).toBe(false)
    await user.click(within(decide).getByRole('button', { name: /Finalize/ }))
    await user.click(within(decide).getByRole('button', { name: /Yes, lock it in/ }))
    await vi.waitFor(() => expect(calls.filter((c) => c.url.endsWith('/finalize'))).toHaveLength(1))
    expect(calls.find((c) => c.url.endsWith('/finalize'))!.body).toEqual({
      timeOptionId: t2,
      placeOptionId: p1,
    })
  })
})
