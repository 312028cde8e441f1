/** The event page as its tests open it: an event, its board, a live socket that stays quiet. */
import { vi } from 'vitest'
import { http, HttpResponse, type HttpHandler } from 'msw'
import type { Board, Event } from '@prost/contracts'
import EventPage from '../event/EventPage'
import { testUser } from './fixtures'
import { renderWithApp } from './render'
import { recordCalls, server } from './server'

/** A WebSocket that never opens: the page shows the board it fetched, and nothing arrives live. */
export class SilentSocket {
  static OPEN = 1
  readyState = 0
  send() {}
  close() {}
}

/** Friday pints at The Tap, still being voted on: one evening, one place, Olga organizing alone. */
export function pollingEvent(overrides: Partial<Event> = {}): Event {
  const olga = { id: 'o'.repeat(24), name: 'Olga' }
  return {
    id: 'e'.repeat(24),
    title: 'Friday pints',
    description: '',
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    hideResults: false,
    hideNames: false,
    status: 'polling',
    organizer: olga,
    votingDeadline: null,
    autoFinalize: false,
    nudgeHoursBeforeDeadline: null,
    allowParticipantOptions: false,
    hasCover: false,
    timeOptions: [
      { id: 'a'.repeat(24), startsAt: '2030-07-15T17:00:00.000Z', endsAt: '2030-07-15T20:00:00.000Z' },
    ],
    placeOptions: [{ id: 'b'.repeat(24), name: 'The Tap', address: 'Main St 1' }],
    participants: [{ ...olga, kind: 'user', joinedAt: '2030-07-01T00:00:00Z' }],
    invited: [],
    final: null,
    version: 3,
    createdAt: '2030-07-01T00:00:00Z',
    updatedAt: '2030-07-01T00:00:00Z',
    ...overrides,
  }
}

/** The signed-in test user as an organizer, the way events show their organizer. */
export const me = { id: testUser.id, name: testUser.displayName }

/** A polling event the signed-in test user organizes, alone so far, as its organizer sees it (with the invite link). */
export const myEvent = (overrides: Partial<Event> = {}): Event =>
  pollingEvent({
    organizer: me,
    participants: [{ ...me, kind: 'user', joinedAt: '2030-07-01T00:00:00Z' }],
    inviteToken: 'i'.repeat(22),
    ...overrides,
  })

const noVotes = { counts: { yes: 0, maybe: 0, no: 0 }, voters: { yes: [], maybe: [], no: [] } }

/** The board of `event` before anyone voted: everyone yet to vote, no best option. */
export function emptyBoard(event: Event, overrides: Partial<Board> = {}): Board {
  const people = event.participants.map(({ id, name }) => ({ id, name }))
  return {
    eventId: event.id,
    eventVersion: event.version,
    title: event.title,
    status: event.status,
    visibility: event.visibility,
    hideResults: event.hideResults,
    hideNames: event.hideNames,
    view: 'full',
    organizerId: event.organizer.id,
    votingDeadline: event.votingDeadline,
    final: event.final,
    timeOptions: event.timeOptions.map((o) => ({ ...o, ...noVotes })),
    placeOptions: event.placeOptions.map((o) => ({ ...o, ...noVotes })),
    participants: people,
    notVoted: people,
    bestTimeOptionId: null,
    bestPlaceOptionId: null,
    bestCombination: null,
    ...overrides,
  }
}

/**
 * Opens the page of `event`, the server answering with `board`, no comments, and `handlers` for
 * anything else; answers the calls the page makes.
 */
export function openEventPage(
  event: Event,
  board: Board,
  handlers: HttpHandler[] = [],
  language: 'en' | 'ru' = 'en',
) {
  vi.stubGlobal('WebSocket', SilentSocket)
  const calls = recordCalls()
  server.use(
    ...handlers,
    http.get(`/api/events/${event.id}`, () => HttpResponse.json(event)),
    http.get(`/api/votes/${event.id}`, () => HttpResponse.json(board)),
    http.get(`/api/events/${event.id}/comments`, () => HttpResponse.json({ items: [], nextCursor: null })),
  )
  renderWithApp(<EventPage />, { path: '/events/:id', route: `/events/${event.id}`, language })
  return calls
}
