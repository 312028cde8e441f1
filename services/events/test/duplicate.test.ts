/**
 * POST /api/events/:id/duplicate (issue 16, item 5): a new ordinary poll of the organizer with the
 * source's title, description, places and visibility, its people invited, times shifted by whole
 * weeks on the event's wall clock; 4xx problem+json for bad input and for anyone but the organizer.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ObjectId } from 'mongodb'
import { shiftByWeeks } from '@prost/contracts'
import { bearer, build, createEvent, decide, tokens, type TestApp } from './helper.js'
import { freshUser, joinFresh, withFreshAddresses } from './fresh-callers.js'

let app: TestApp
const t = tokens()
const friend = freshUser('Fred Friend')

beforeAll(async () => {
  app = withFreshAddresses(await build())
})

const duplicate = (id: string, token: string | undefined, payload: unknown) =>
  app.inject({
    method: 'POST',
    url: `/api/events/${id}/duplicate`,
    headers: token ? bearer(token) : {},
    payload: payload as object,
  })

describe('POST /api/events/:id/duplicate', () => {
  it('copies the event as a new poll, people invited and times two weeks later on the wall clock', async () => {
    const source = await createEvent(app, t.organizer, {
      visibility: 'private',
      allowParticipantOptions: true,
    })
    expect((await joinFresh(app, source.inviteToken, { token: friend.token })).statusCode).toBe(200)
    expect((await joinFresh(app, source.inviteToken, { displayName: 'Gina Guest' })).statusCode).toBe(200)
    await decide(app, t.organizer, source.id, 'finalize', {
      timeOptionId: source.timeOptions[0].id,
      placeOptionId: source.placeOptions[0].id,
    })

    const res = await duplicate(source.id, t.organizer, { shiftWeeks: 2 })
    expect(res.statusCode, res.body).toBe(201)
    const copy = res.json()
    expect(res.headers.location).toBe(`/api/events/${copy.id}`)
    expect(copy.id).not.toBe(source.id)
    expect(copy).toMatchObject({
      title: source.title,
      description: source.description,
      timeZone: source.timeZone,
      visibility: 'private',
      status: 'polling',
      final: null,
      allowParticipantOptions: true,
      organizer: { id: '64b000000000000000000001', name: 'Olga Organizer' },
    })
    expect(copy.inviteToken).not.toBe(source.inviteToken)
    // Participants with an account are invited, not joined; the guest has no account to invite.
    expect(copy.participants.map((p: { id: string }) => p.id)).toEqual(['64b000000000000000000001'])
    expect(copy.invited).toEqual([{ id: friend.id, name: 'Fred Friend' }])
    expect(copy.placeOptions.map((p: { name: string }) => p.name)).toEqual(
      source.placeOptions.map((p: { name: string }) => p.name),
    )
    expect(copy.placeOptions[0].id).not.toBe(source.placeOptions[0].id)
    const shifted = (iso: string) => shiftByWeeks(new Date(iso), 2, source.timeZone).toISOString()
    expect(copy.timeOptions.map((o: { startsAt: string; endsAt: string }) => [o.startsAt, o.endsAt])).toEqual(
      source.timeOptions.map((o: { startsAt: string; endsAt: string }) => [
        shifted(o.startsAt),
        shifted(o.endsAt),
      ]),
    )
    // The invitee sees the new private event among theirs and may open it.
    const mine = await app.inject({ method: 'GET', url: '/api/events/mine', headers: bearer(friend.token) })
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(copy.id)
  })

  it('keeps a public source public', async () => {
    const source = await createEvent(app, t.organizer, { visibility: 'public' })
    const res = await duplicate(source.id, t.organizer, { shiftWeeks: 1 })
    expect(res.statusCode).toBe(201)
    expect(res.json().visibility).toBe('public')
  })

  it.each([
    ['no body', undefined],
    ['a negative shift', { shiftWeeks: -1 }],
    ['a fractional shift', { shiftWeeks: 1.5 }],
    ['more than a year', { shiftWeeks: 53 }],
    ['an unknown field', { shiftWeeks: 1, title: 'x' }],
  ])('refuses %s with 400 problem+json and creates nothing', async (_what, payload) => {
    const source = await createEvent(app, t.organizer)
    const before = await app.mongo.db
      .collection('events')
      .countDocuments({ memberIds: '64b000000000000000000001' })
    const res = await duplicate(source.id, t.organizer, payload)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(
      await app.mongo.db.collection('events').countDocuments({ memberIds: '64b000000000000000000001' }),
    ).toBe(before)
  })

  it('answers 400 when the shifted times would be in the past', async () => {
    const source = await createEvent(app, t.organizer)
    // An old event: its first option ten days ago (the API refuses to create that, so it is stored directly).
    const tenDaysAgo = new Date(Date.now() - 10 * 86_400_000)
    await app.mongo.db.collection('events').updateOne(
      { _id: new ObjectId(source.id) },
      {
        $set: {
          'timeOptions.0.startsAt': tenDaysAgo,
          'timeOptions.0.endsAt': new Date(tenDaysAgo.getTime() + 3_600_000),
        },
      },
    )
    await app.cache.invalidate(`event:${source.id}`)
    const res = await duplicate(source.id, t.organizer, { shiftWeeks: 0 })
    expect(res.statusCode).toBe(400)
    expect(res.json().detail).toContain('shiftWeeks')
  })

  it('lets only the organizer duplicate (participant 403, outsider 404 on a private event, no token 401)', async () => {
    const source = await createEvent(app, t.organizer, { visibility: 'private' })
    expect((await joinFresh(app, source.inviteToken, { token: friend.token })).statusCode).toBe(200)
    const guest = await joinFresh(app, source.inviteToken, { displayName: 'Gus' })
    const body = { shiftWeeks: 1 }
    expect((await duplicate(source.id, friend.token, body)).statusCode).toBe(403)
    expect((await duplicate(source.id, guest.json().participantToken, body)).statusCode).toBe(403)
    expect((await duplicate(source.id, t.stranger, body)).statusCode).toBe(404)
    expect((await duplicate(source.id, t.admin, body)).statusCode).toBe(403)
    expect((await duplicate(source.id, undefined, body)).statusCode).toBe(401)
    expect((await duplicate('0123456789abcdef01234567', t.organizer, body)).statusCode).toBe(404)
  })
})
