/**
 * Fixtures the suites share: a token every stack trusts, a valid new event (and one created), an
 * announced one, and listing cursors forged to look right.
 */
import { ObjectId } from 'mongodb'
import { expect } from 'vitest'
import type { EventState } from '@prost/contracts'
import { signTestToken } from '@prost/platform/testing'
import { call } from './json-call.js'

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

/** Creates the public event `title` through `base` (an instance or a stack) and answers its id; fails the test unless it is created. */
export async function createPublicEvent(base: string, token: string, title: string): Promise<string> {
  const created = await call<{ id: string }>(base, 'POST', '/api/events', {
    token,
    body: newEventBody(title),
  })
  expect(created.status, created.text).toBe(201)
  return created.json.id
}

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

const base64url = (text: string) => Buffer.from(text).toString('base64url')

/**
 * Listing cursors forged to look like ones a list gave out: a huge, an out-of-range and a zero-padded
 * time, a sign without digits, and a trailing part. Every list must refuse them with a 400.
 */
export const FORGED_CURSORS = [
  base64url('99999999999999999999_0123456789abcdef01234567'),
  base64url('8640000000000001_0123456789abcdef01234567'),
  base64url('0001_0123456789abcdef01234567'),
  base64url('-_0123456789abcdef01234567'),
  base64url('1_0123456789abcdef01234567_extra'),
]
