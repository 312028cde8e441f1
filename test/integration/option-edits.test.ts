/**
 * Editing an option while people vote, across the real services behind HAProxy: a "yes" given to
 * 19:00 must not become a "yes" to 20:00. A changed time or place becomes a new option (its old
 * answers stop counting, and the board says what it replaced); a new map link keeps the votes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ObjectId } from 'mongodb'
import type { Board, Event } from '@prost/contracts'
import { startIngressStack, type IngressStack } from '@prost/test-support'

let stack: IngressStack

beforeAll(async () => {
  stack = await startIngressStack()
})

afterAll(async () => {
  await stack?.stop()
})

async function call<T>(
  method: string,
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, json: (await res.json()) as T }
}

/** The board once voting's copy of the event has caught up with `version` (messages travel async). */
function boardAt(eventId: string, token: string, version: number): Promise<Board> {
  return vi.waitFor(
    async () => {
      const { status, json } = await call<Board>('GET', `/api/votes/${eventId}`, token)
      if (status !== 200 || json.eventVersion < version)
        throw new Error(
          `the board never reached version ${version} (last: ${status}, version ${json.eventVersion})`,
        )
      return json
    },
    { timeout: 15_000, interval: 100 },
  )
}

const day = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000)
  d.setUTCHours(hour, 0, 0, 0)
  return d.toISOString()
}

describe('changing an option people voted on', () => {
  it('resets the answers to a changed time or place and keeps them for a new map link', async () => {
    const email = `organizer.${new ObjectId().toHexString()}@prost.test`
    const reg = await call<{ accessToken: string }>('POST', '/api/auth/register', undefined, {
      email,
      password: 'correct horse battery',
      displayName: 'Olga',
    })
    expect(reg.status).toBe(201)
    const token = reg.json.accessToken
    const created = await call<Event>('POST', '/api/events', token, {
      title: 'Friday beer',
      timeZone: 'Europe/Moscow',
      timeOptions: [{ startsAt: day(5, 16) }, { startsAt: day(6, 16) }],
      placeOptions: [{ name: 'Pivnaya', address: 'Tverskaya 7', mapUrl: 'https://maps.example/a' }],
    })
    expect(created.status).toBe(201)
    const event = created.json
    const [friday, saturday] = event.timeOptions
    const [pub] = event.placeOptions
    await boardAt(event.id, token, event.version)
    const vote = await call('PUT', `/api/votes/${event.id}`, token, {
      eventVersion: event.version,
      choices: { [friday!.id]: 'yes', [saturday!.id]: 'no', [pub!.id]: 'yes' },
    })
    expect(vote.status).toBe(200)

    const moved = await call<Event>('PUT', `/api/events/${event.id}/time-options/${friday!.id}`, token, {
      startsAt: day(5, 17),
    })
    expect(moved.status).toBe(200)
    const newFriday = moved.json.timeOptions[0]!
    expect(newFriday.id).not.toBe(friday!.id)
    expect(newFriday.revisedFrom).toMatchObject({
      id: friday!.id,
      startsAt: friday!.startsAt,
      version: moved.json.version,
    })

    const relinked = await call<Event>('PUT', `/api/events/${event.id}/place-options/${pub!.id}`, token, {
      name: 'Pivnaya',
      address: 'Tverskaya 7',
      mapUrl: 'https://maps.example/b',
    })
    expect(relinked.status).toBe(200)
    expect(relinked.json.placeOptions[0]!.id).toBe(pub!.id)

    const board = await boardAt(event.id, token, relinked.json.version)
    const time = (id: string) => board.timeOptions.find((o) => o.id === id)!
    expect(time(newFriday.id).counts).toEqual({ yes: 0, maybe: 0, no: 0 })
    expect(time(newFriday.id).revisedFrom?.id).toBe(friday!.id)
    expect(time(saturday!.id).counts.no).toBe(1)
    expect(board.placeOptions[0]!.counts.yes).toBe(1)
    expect(board.placeOptions[0]!.mapUrl).toBe('https://maps.example/b')

    const renamed = await call<Event>('PUT', `/api/events/${event.id}/place-options/${pub!.id}`, token, {
      name: 'Pivnaya Two',
    })
    expect(renamed.json.placeOptions[0]!.id).not.toBe(pub!.id)
    const after = await boardAt(event.id, token, renamed.json.version)
    expect(after.placeOptions[0]!.counts.yes).toBe(0)
    expect(after.placeOptions[0]!.revisedFrom).toMatchObject({
      id: pub!.id,
      name: 'Pivnaya',
      address: 'Tverskaya 7',
    })
  })
})
