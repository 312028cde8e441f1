/** Every time on the event page names the event's zone, and the viewer's clock where it differs (issue 12). */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { Board, Event } from '@prost/contracts'
import EventPage from './EventPage'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { server } from '../test/server'
import { zonedToInstant } from '../time/zoned-time'

const id = 'e'.repeat(24)
const t1 = 'a'.repeat(24)
const p1 = 'b'.repeat(24)
const organizer = { id: 'o'.repeat(24), name: 'Olga' }
const moscow = (date: string, time: string) => zonedToInstant(date, time, 'Europe/Moscow')
const event: Event = {
  id,
  title: 'Thursday pints',
  description: '',
  timeZone: 'Europe/Moscow',
  visibility: 'private',
  status: 'polling',
  organizer,
  votingDeadline: moscow('2026-12-10', '12:00'),
  hasCover: false,
  timeOptions: [{ id: t1, startsAt: moscow('2026-12-10', '19:00'), endsAt: moscow('2026-12-10', '22:00') }],
  placeOptions: [{ id: p1, name: 'The Tap', address: 'Tverskaya 7', mapUrl: 'https://maps.example.org/tap' }],
  participants: [{ ...organizer, kind: 'user', joinedAt: '2026-12-01T00:00:00Z' }],
  invited: [],
  final: null,
  inviteToken: 'i'.repeat(22),
  version: 1,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
}
const none = { counts: { yes: 0, maybe: 0, no: 0 }, voters: { yes: [], maybe: [], no: [] } }
const board: Board = {
  eventId: id,
  eventVersion: 1,
  title: event.title,
  status: 'polling',
  visibility: 'private',
  votingDeadline: event.votingDeadline,
  final: null,
  timeOptions: [{ ...event.timeOptions[0]!, ...none }],
  placeOptions: [{ ...event.placeOptions[0]!, ...none }],
  participants: [organizer],
  notVoted: [organizer],
  bestTimeOptionId: null,
  bestPlaceOptionId: null,
}
const final = {
  timeOptionId: t1,
  placeOptionId: p1,
  startsAt: event.timeOptions[0]!.startsAt,
  endsAt: event.timeOptions[0]!.endsAt,
  place: event.placeOptions[0]!,
}

class SilentSocket {
  static OPEN = 1
  readyState = 0
  send() {}
  close() {}
}

function openAs(viewerZone: string, shown: { event: Event; board: Board }) {
  vi.stubEnv('TZ', viewerZone) // the browser's zone, as Intl reports it
  vi.stubGlobal('WebSocket', SilentSocket)
  signIn({ id: organizer.id, displayName: 'Olga' }, { accessToken: 'organizer-token' })
  server.use(
    http.get(`/api/events/${id}`, () => HttpResponse.json(shown.event)),
    http.get(`/api/votes/${id}`, () => HttpResponse.json(shown.board)),
    http.get(`/api/events/${id}/comments`, () => HttpResponse.json({ items: [], nextCursor: null })),
  )
  renderWithApp(<EventPage />, { path: '/events/:id', route: `/events/${id}` })
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
})

describe('EventPage in another time zone than the event', () => {
  it('names Moscow in the grid, the deadline and the Decide menu, with the viewer’s clock beside it', async () => {
    openAs('America/Los_Angeles', { event, board })
    const [times, places] = await screen.findAllByRole('table', {}, { timeout: 5000 })
    const column = within(times!).getAllByRole('columnheader')[1]!
    expect(column.textContent).toContain('Thu 10 Dec')
    expect(within(column).getByText('19:00–22:00 Moscow time')).toBeTruthy()
    expect(within(column).getByText('08:00–11:00 your time')).toBeTruthy()
    expect(within(times!).getByRole('radiogroup').getAttribute('aria-label')).toBe(
      'Your vote for Thu 10 Dec 19:00–22:00 Moscow time, 08:00–11:00 your time',
    )
    expect(screen.getByText(/Voting closes/).textContent).toContain(
      'Voting closes Thu 10 Dec, 12:00 Moscow time · 01:00 your time',
    )
    const decide = screen.getByRole('combobox', { name: 'Time' })
    expect(within(decide).getAllByRole('option')[0]!.textContent).toBe(
      'Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time',
    )
    // A closed select cuts long text off on a narrow panel; the choice is spelled out under it.
    expect(decide.closest('.field')!.querySelector('.finalize-when')!.textContent).toBe(
      'Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time',
    )
    // A place's map link is there while voting, not only after finalizing.
    expect(
      within(places!)
        .getByRole('link', { name: /Map of The Tap/ })
        .getAttribute('href'),
    ).toBe('https://maps.example.org/tap')
  })

  it('shows the final card in Moscow time with the viewer’s day when it is another day there', async () => {
    const early = { ...final, startsAt: moscow('2026-12-10', '02:00'), endsAt: moscow('2026-12-10', '05:00') }
    openAs('America/Los_Angeles', {
      event: { ...event, status: 'finalized', final: early },
      board: { ...board, status: 'finalized', final: early },
    })
    const card = (await screen.findByRole('heading', { name: 'It’s on! 🍻' }, { timeout: 5000 })).closest(
      'section',
    )!
    const when = card.querySelector('.when')!
    expect(when.textContent).toBe('Thu 10 Dec, 02:00–05:00 Moscow time · Wed 9 Dec, 15:00–18:00 your time')
    const time = within(card).getByText(/Moscow time/)
    expect(time.getAttribute('datetime')).toBe(early.startsAt)
    // The bot writes the IANA name; the tooltip gives the same.
    expect(time.getAttribute('title')).toBe('Time zone of the event: Europe/Moscow')
  })

  it('shows one clock, named, to a viewer in the event’s zone', async () => {
    openAs('Europe/Moscow', { event, board })
    const [times] = await screen.findAllByRole('table', {}, { timeout: 5000 })
    expect(within(times!).getByText('19:00–22:00 Moscow time')).toBeTruthy()
    expect(screen.getByText(/Voting closes/).textContent).toContain(
      'Voting closes Thu 10 Dec, 12:00 Moscow time',
    )
    expect(document.body.textContent).not.toContain('your time')
  })
})
