/** Fixtures the root suites share: a token every stack trusts, a valid new event, an announced one. */
import { ObjectId } from 'mongodb'
import type { EventState } from '@prost/contracts'
import { signTestToken } from '@prost/platform/testing'

/** An access token of a fresh user, signed with the kit's test secret every stack's services trust. */
export const userToken = (name = 'Loader') =>
  signTestToken({ sub: new ObjectId().toHexString(), kind: 'user', role: 'user', name })

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

/** A public event with one time and one place, a week ahead. */
export const newEventBody = (title: string) => ({
  title,
  timeZone: 'Europe/Berlin',
  visibility: 'public',
  timeOptions: [{ startsAt: inDays(7) }],
  placeOptions: [{ name: 'Bierhaus' }],
})

export interface Person {
  id: string
  name: string
}

/**
 * An event still in its poll, with one time and one place, as the events service announces it
 * (`event.created`): for services that learn about events from messages.
 */
export function pollingEvent(organizer: Person, others: Person[] = []): EventState {
  const id = () => new ObjectId().toHexString()
  const joinedAt = new Date().toISOString()
  return {
    eventId: id(),
    version: 1,
    title: 'Polling beer',
    timeZone: 'UTC',
    visibility: 'private',
    status: 'polling',
    organizer,
    votingDeadline: null,
    timeOptions: [{ id: id(), startsAt: '2031-01-01T18:00:00.000Z', endsAt: '2031-01-01T20:00:00.000Z' }],
    placeOptions: [{ id: id(), name: 'Pub' }],
    participants: [organizer, ...others].map((p) => ({ ...p, kind: 'user' as const, joinedAt })),
    invitedUserIds: [],
    final: null,
  }
}
