import { randomInt } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { bearer, build, createEvent, joinByLink, tokens, type TestApp } from './helper.js'

let app: TestApp
let t: ReturnType<typeof tokens>

interface Created {
  id: string
  inviteToken: string
}

beforeAll(async () => {
  app = await build()
  t = tokens()
})

/** An event of the organizer's. */
const newEvent = (overrides: Record<string, unknown> = {}): Promise<Created> =>
  createEvent(app, t.organizer, overrides)

const preview = (token: string, headers: Record<string, string> = {}) =>
  app.inject({ url: `/api/events/invites/${token}`, headers })

/** Joins as a guest named `displayName`; with the guest's own `token`, as one coming back. */
const joinAsGuest = (inviteToken: string, displayName: string, token?: string) =>
  joinByLink(app, inviteToken, { displayName, token })

const participantCount = async (id: string) =>
  (await app.inject({ url: `/api/events/${id}`, headers: bearer(t.organizer) })).json().participants
    .length as number

describe('GET /api/events/invites/:token', () => {
  it('shows an invitee the event without the people in it, with no sign-in', async () => {
    const event = await newEvent({ visibility: 'private' })
    await joinAsGuest(event.inviteToken, 'Gus Guest')
    const res = await preview(event.inviteToken)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['cache-control']).toBe('private, no-store')
    const body = res.json()
    expect(body).toMatchObject({
      eventId: event.id,
      title: 'Friday beer at the canal',
      description: 'Pils, Weizen, and arguing about football',
      organizer: { name: 'Olga Organizer' },
      status: 'polling',
      timeZone: 'Europe/Berlin',
      votingDeadline: null,
      final: null,
      participantCount: 2,
    })
    expect(body.timeOptions).toHaveLength(3)
    expect(body.placeOptions[0]).toMatchObject({
      name: 'Klunkerkranich',
      mapUrl: 'https://www.openstreetmap.org/?mlat=52.48&mlon=13.43',
    })
    expect(body.placeOptions[1]).toMatchObject({ name: 'Prater Biergarten', lat: 52.54, lon: 13.41 })
    // Nothing that names or identifies other people, and not the link's secret itself.
    expect(Object.keys(body).sort()).toEqual([
      'description',
      'eventId',
      'final',
      'organizer',
      'participantCount',
      'placeOptions',
      'status',
      'timeOptions',
      'timeZone',
      'title',
      'votingDeadline',
    ])
    expect(Object.keys(body.organizer)).toEqual(['name'])
    expect(res.body).not.toContain(event.inviteToken)
    expect(res.body).not.toContain('Gus Guest')
    expect(res.body).not.toContain('64b000000000000000000001')
  })

  it('answers 404 problem+json for a made-up link', async () => {
    const res = await preview('made-up-token-0123456789')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ type: 'https://prost.dev/problems/not-found', status: 404 })
  })

  it('answers 404 for a link the organizer replaced, and previews the new one', async () => {
    const event = await newEvent()
    const rotated = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/invite-link`,
      headers: bearer(t.organizer),
    })
    expect(rotated.statusCode).toBe(200)
    const old = await preview(event.inviteToken)
    expect(old.statusCode).toBe(404)
    expect(old.headers['content-type']).toContain('application/problem+json')
    expect((await preview(rotated.json().inviteToken)).json().eventId).toBe(event.id)
  })

  it('refuses a token that is not shaped like one with 400, not a lookup', async () => {
    for (const token of ['short', 'x'.repeat(65), 'has%20space-0123456789', '%24where-0123456789ab']) {
      const res = await preview(token)
      expect(res.statusCode, token).toBe(400)
      expect(res.headers['content-type']).toContain('application/problem+json')
    }
  })

  it('says so when the event was cancelled', async () => {
    const event = await newEvent()
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/events/${event.id}/cancel`,
          headers: bearer(t.organizer),
        })
      ).statusCode,
    ).toBe(200)
    const res = await preview(event.inviteToken)
    expect(res.statusCode).toBe(200)
    expect(res.json().status).toBe('cancelled')
  })

  it('tells a returning guest, a member and the organizer who they are; ignores other and stale tokens', async () => {
    const event = await newEvent()
    const other = await newEvent()
    const anna = (await joinAsGuest(event.inviteToken, 'Anna')).json()
    const otherGuest = (await joinAsGuest(other.inviteToken, 'Eve')).json()
    await joinByLink(app, event.inviteToken, { token: t.friend })

    expect((await preview(event.inviteToken, bearer(anna.participantToken))).json().you).toEqual({
      name: 'Anna',
      kind: 'participant',
      organizer: false,
    })
    expect((await preview(event.inviteToken, bearer(t.friend))).json().you).toEqual({
      name: 'Fred Friend',
      kind: 'user',
      organizer: false,
    })
    expect((await preview(event.inviteToken, bearer(t.organizer))).json().you).toEqual({
      name: 'Olga Organizer',
      kind: 'user',
      organizer: true,
    })
    // Not a participant, a guest of another event, a forged token: the plain preview, never a 401.
    for (const headers of [bearer(t.stranger), bearer(otherGuest.participantToken), bearer('not.a.token')]) {
      const res = await preview(event.inviteToken, headers)
      expect(res.statusCode).toBe(200)
      expect(res.json().you).toBeUndefined()
    }
  })

  it('is rate limited per client', async () => {
    const event = await newEvent()
    // A client address of its own, so earlier runs and the other tests do not share this budget.
    const remoteAddress = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`
    let limited: Awaited<ReturnType<typeof preview>> | undefined
    for (let i = 0; i < 70 && !limited; i++) {
      const res = await app.inject({ url: `/api/events/invites/${event.inviteToken}`, remoteAddress })
      if (res.statusCode === 429) limited = res
      else expect(res.statusCode).toBe(200)
    }
    expect(limited?.headers['content-type']).toContain('application/problem+json')
    expect(Number(limited?.headers['retry-after'])).toBeGreaterThan(0)
    // Someone else is not affected.
    expect((await preview(event.inviteToken)).statusCode).toBe(200)
  })
})

describe('POST /api/events/join (guest names)', () => {
  it('refuses a name another participant already has, ignoring case, accents and spaces', async () => {
    const event = await newEvent()
    expect((await joinAsGuest(event.inviteToken, 'Anna')).statusCode).toBe(200)
    expect((await joinAsGuest(event.inviteToken, 'Zoë')).statusCode).toBe(200)
    for (const name of ['anna ', '  ANNA', 'Ánna', 'zoe', 'olga organizer']) {
      const res = await joinAsGuest(event.inviteToken, name)
      expect(res.statusCode, name).toBe(409)
      expect(res.headers['content-type']).toContain('application/problem+json')
      expect(res.json()).toMatchObject({
        type: 'https://prost.dev/problems/already-exists',
        errors: [{ path: '/body/displayName', message: 'is already taken in this event' }],
      })
      // The answer never carries the other Anna's token or id.
      expect(res.json().participantToken).toBeUndefined()
      expect(res.body).not.toMatch(/"id"/)
    }
    expect(await participantCount(event.id)).toBe(3)
    // Another name is fine, and the same name in another event too.
    expect((await joinAsGuest(event.inviteToken, 'Anna K.')).statusCode).toBe(200)
    expect((await joinAsGuest((await newEvent()).inviteToken, 'Anna')).statusCode).toBe(200)
  })

  it('lets exactly one of two guests racing for the same name have it', async () => {
    const event = await newEvent()
    const answers = await Promise.all([
      joinAsGuest(event.inviteToken, 'Boris'),
      joinAsGuest(event.inviteToken, 'boris'),
    ])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409])
    expect(await participantCount(event.id)).toBe(2)
  })

  it('gives a returning guest their own participant back instead of a second one', async () => {
    const event = await newEvent()
    const first = (await joinAsGuest(event.inviteToken, 'Anna')).json()
    const again = await joinAsGuest(event.inviteToken, 'Anna', first.participantToken)
    expect(again.statusCode, again.body).toBe(200)
    expect(again.json().participant.id).toBe(first.participant.id)
    expect(again.json().participantToken).toBeUndefined()
    expect(await participantCount(event.id)).toBe(2)
  })

  it('lets a signed-in member and the organizer use their own link without joining twice', async () => {
    const event = await newEvent()
    for (let i = 0; i < 2; i++) {
      const friend = await joinByLink(app, event.inviteToken, { token: t.friend })
      expect(friend.statusCode).toBe(200)
    }
    const organizer = await joinByLink(app, event.inviteToken, { token: t.organizer })
    expect(organizer.statusCode).toBe(200)
    expect(organizer.json().participant.id).toBe('64b000000000000000000001')
    expect(await participantCount(event.id)).toBe(2)
  })
})
