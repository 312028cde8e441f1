/**
 * Participants propose options (issue 16, item 3): off by default; with `allowParticipantOptions` a
 * participant (signed in or an invite-link guest) adds a time or a place, each option names who
 * proposed it, the organizer removes any option and a participant only their own.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, build, createEvent, tokens, type TestApp } from './helper.js'
import { freshUser, joinFresh, withFreshAddresses } from './fresh-callers.js'

let app: TestApp
const t = tokens()
const friend = freshUser('Fred Friend')
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

beforeAll(async () => {
  app = withFreshAddresses(await build())
})

interface Option {
  id: string
  proposedBy?: { id: string; name: string }
}

/** An event of the organizer's that the friend joined and a guest joined by link; returns the guest's token. */
async function eventWithParticipants(settings: Record<string, unknown>) {
  const event = await createEvent(app, t.organizer, settings)
  expect((await joinFresh(app, event.inviteToken, { token: friend.token })).statusCode).toBe(200)
  const guest = await joinFresh(app, event.inviteToken, { displayName: 'Gina Guest' })
  expect(guest.statusCode, guest.body).toBe(200)
  return { event, guestToken: guest.json().participantToken as string }
}

const propose = (id: string, kind: 'time' | 'place', token: string | undefined, payload: unknown) =>
  app.inject({
    method: 'POST',
    url: `/api/events/${id}/${kind}-options`,
    headers: token ? bearer(token) : {},
    payload: payload as object,
  })
const remove = (id: string, kind: 'time' | 'place', optionId: string, token: string) =>
  app.inject({
    method: 'DELETE',
    url: `/api/events/${id}/${kind}-options/${optionId}`,
    headers: bearer(token),
  })

describe('participant options', () => {
  it('are off by default: a participant gets 403 and nothing is added', async () => {
    const { event } = await eventWithParticipants({})
    expect(event.allowParticipantOptions).toBe(false)
    const res = await propose(event.id, 'place', friend.token, { name: 'Fred’s bar' })
    expect(res.statusCode).toBe(403)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const after = await app.inject({
      method: 'GET',
      url: `/api/events/${event.id}`,
      headers: bearer(friend.token),
    })
    expect(after.json().placeOptions).toHaveLength(event.placeOptions.length)
  })

  it('let a participant and a guest propose a time and a place, each naming who proposed it', async () => {
    const { event, guestToken } = await eventWithParticipants({ allowParticipantOptions: true })
    expect(event.allowParticipantOptions).toBe(true)
    const time = await propose(event.id, 'time', friend.token, { startsAt: inDays(9) })
    expect(time.statusCode, time.body).toBe(201)
    const added = time.json().timeOptions.at(-1) as Option
    expect(added.proposedBy).toEqual({ id: friend.id, name: 'Fred Friend' })
    const place = await propose(event.id, 'place', guestToken, { name: 'Gina’s garden' })
    expect(place.statusCode, place.body).toBe(201)
    const guestPlace = place.json().placeOptions.at(-1) as Option
    expect(guestPlace.proposedBy?.name).toBe('Gina Guest')
    // The organizer's own additions name the organizer.
    const own = await propose(event.id, 'place', t.organizer, { name: 'Olga’s pick' })
    expect((own.json().placeOptions.at(-1) as Option).proposedBy?.name).toBe('Olga Organizer')
  })

  it('refuse outsiders, unknown callers and bad input while the setting is on', async () => {
    const { event } = await eventWithParticipants({ allowParticipantOptions: true, visibility: 'private' })
    expect((await propose(event.id, 'time', t.stranger, { startsAt: inDays(9) })).statusCode).toBe(404)
    expect((await propose(event.id, 'time', undefined, { startsAt: inDays(9) })).statusCode).toBe(401)
    expect((await propose(event.id, 'time', t.admin, { startsAt: inDays(9) })).statusCode).toBe(403)
    for (const bad of [{ name: 'Bar\u0000' }, { name: '' }, { name: 'x', extra: 1 }]) {
      const res = await propose(event.id, 'place', friend.token, bad)
      expect(res.statusCode, JSON.stringify(bad)).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
    const past = await propose(event.id, 'time', friend.token, { startsAt: inDays(-3) })
    expect(past.statusCode).toBe(400)
  })

  it('read as off from an event view cached before the setting existed', async () => {
    const { event } = await eventWithParticipants({ allowParticipantOptions: true })
    const key = `event:${event.id}`
    await app.cache.invalidate(key)
    const fresh = await app.eventsRepository.view(event.id)
    const { allowParticipantOptions: _dropped, ...older } = fresh!
    await app.cache.invalidate(key)
    await app.cache.getOrLoad(key, async () => older, 60)
    const res = await app.inject({
      method: 'GET',
      url: `/api/events/${event.id}`,
      headers: bearer(friend.token),
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().allowParticipantOptions).toBe(false)
    await app.cache.invalidate(key)
  })

  it('stop as soon as the organizer turns the setting off', async () => {
    const { event } = await eventWithParticipants({ allowParticipantOptions: true })
    const off = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: bearer(t.organizer),
      payload: { allowParticipantOptions: false },
    })
    expect(off.json().allowParticipantOptions).toBe(false)
    expect((await propose(event.id, 'place', friend.token, { name: 'Late idea' })).statusCode).toBe(403)
  })

  it('let the organizer remove any option and a participant only their own', async () => {
    const { event, guestToken } = await eventWithParticipants({ allowParticipantOptions: true })
    const byFriend = (await propose(event.id, 'place', friend.token, { name: 'Fred’s' }))
      .json()
      .placeOptions.at(-1) as Option
    const byGuest = (await propose(event.id, 'place', guestToken, { name: 'Gina’s' }))
      .json()
      .placeOptions.at(-1) as Option
    // Someone else's proposal and the organizer's own options are not the friend's to remove.
    expect((await remove(event.id, 'place', byGuest.id, friend.token)).statusCode).toBe(403)
    expect((await remove(event.id, 'place', event.placeOptions[0].id, friend.token)).statusCode).toBe(403)
    const own = await remove(event.id, 'place', byFriend.id, friend.token)
    expect(own.statusCode, own.body).toBe(200)
    const byOrganizer = await remove(event.id, 'place', byGuest.id, t.organizer)
    expect(byOrganizer.statusCode).toBe(200)
    const ids = (byOrganizer.json().placeOptions as Option[]).map((o) => o.id)
    expect(ids).not.toContain(byFriend.id)
    expect(ids).not.toContain(byGuest.id)
    expect(ids).toContain(event.placeOptions[0].id)
  })

  it('keep who proposed an option when the organizer edits it', async () => {
    const { event } = await eventWithParticipants({ allowParticipantOptions: true })
    const byFriend = (await propose(event.id, 'time', friend.token, { startsAt: inDays(9) }))
      .json()
      .timeOptions.at(-1) as Option
    const edited = await app.inject({
      method: 'PUT',
      url: `/api/events/${event.id}/time-options/${byFriend.id}`,
      headers: bearer(t.organizer),
      payload: { startsAt: inDays(10) },
    })
    expect(edited.statusCode, edited.body).toBe(200)
    const revised = (edited.json().timeOptions as (Option & { revisedFrom?: { id: string } })[]).find(
      (o) => o.revisedFrom?.id === byFriend.id,
    )
    expect(revised?.proposedBy?.name).toBe('Fred Friend')
  })
})
