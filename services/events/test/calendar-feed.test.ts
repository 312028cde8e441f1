/**
 * The personal calendar feed (issue 16, item 6): the URL routes, the feed parsed by ical.js (statuses,
 * options, SEQUENCE across a reschedule, stable UIDs, no votes or names), and the token as the only
 * credential (made-up and rotated tokens answer 404 problem+json).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import { bearer, build, createEvent, decide, tokens, type TestApp } from './helper.js'
import { freshUser, joinFresh, withFreshAddresses } from './fresh-callers.js'

let app: TestApp
const t = tokens()
const friend = freshUser('Fred Friend')
// A user of this file only, so the feed holds exactly the events made here.
const mia = freshUser('Mia Member')

beforeAll(async () => {
  app = withFreshAddresses(await build())
})

const feedUrl = async (token: string) => {
  const res = await app.inject({ method: 'GET', url: '/api/events/calendar/feed', headers: bearer(token) })
  expect(res.statusCode, res.body).toBe(200)
  return res.json() as { httpsUrl: string; webcalUrl: string; rotatedAt: string }
}
const pathOf = (url: string) => new URL(url).pathname
const read = (path: string) => app.inject({ method: 'GET', url: path })

interface Entry {
  uid: string
  summary: string
  status: string
  sequence: number
  start: string
}
function entries(ics: string): Entry[] {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const e = new ICAL.Event(vevent)
    return {
      uid: e.uid,
      summary: e.summary,
      status: String(vevent.getFirstPropertyValue('status')),
      sequence: e.sequence,
      start: e.startDate.toJSDate().toISOString(),
    }
  })
}

describe('GET /api/events/calendar/feed', () => {
  it('gives a signed-in user the same https and webcal URL until it is rotated', async () => {
    const first = await feedUrl(mia.token)
    expect(first.httpsUrl).toMatch(/^https?:\/\/.+\/api\/events\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
    expect(first.webcalUrl).toBe(first.httpsUrl.replace(/^https?:/, 'webcal:'))
    expect(await feedUrl(mia.token)).toEqual(first)
    const stored = await app.mongo.db.collection('calendar_feeds').findOne({ _id: mia.id as never })
    // Only a hash of the token is stored, never the token.
    expect(JSON.stringify(stored)).not.toContain(pathOf(first.httpsUrl).split('/').at(-1)!.slice(0, -4))
  })

  it('refuses no token (401) and an invite-link guest (403)', async () => {
    const none = await app.inject({ method: 'GET', url: '/api/events/calendar/feed' })
    expect(none.statusCode).toBe(401)
    expect(none.headers['content-type']).toContain('application/problem+json')
    const event = await createEvent(app, t.organizer)
    const guest = await joinFresh(app, event.inviteToken, { displayName: 'Gus' })
    const guestToken = guest.json().participantToken as string
    for (const [method, url] of [
      ['GET', '/api/events/calendar/feed'],
      ['POST', '/api/events/calendar/feed/rotate'],
    ] as const)
      expect((await app.inject({ method, url, headers: bearer(guestToken) })).statusCode).toBe(403)
    expect((await app.inject({ method: 'POST', url: '/api/events/calendar/feed/rotate' })).statusCode).toBe(
      401,
    )
  })
})

describe('GET /api/events/calendar/<token>.ics', () => {
  it('lists every event the user takes part in as valid iCalendar with the right statuses', async () => {
    const polling = await createEvent(app, mia.token, { title: 'Poll night' })
    const decided = await createEvent(app, mia.token, { title: 'Decided night' })
    expect((await joinFresh(app, decided.inviteToken, { displayName: 'Vera Voter' })).statusCode).toBe(200)
    const pick = { timeOptionId: decided.timeOptions[0].id, placeOptionId: decided.placeOptions[0].id }
    expect((await decide(app, mia.token, decided.id, 'finalize', pick)).statusCode).toBe(200)
    const cancelled = await createEvent(app, mia.token, { title: 'Called off' })
    await decide(app, mia.token, cancelled.id, 'finalize', {
      timeOptionId: cancelled.timeOptions[0].id,
      placeOptionId: cancelled.placeOptions[0].id,
    })
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/events/${cancelled.id}/cancel`,
          headers: bearer(mia.token),
        })
      ).statusCode,
    ).toBe(200)
    // Someone else's event Mia joined counts; one she was only invited to, or never saw, does not.
    const joined = await createEvent(app, t.organizer, { title: 'Olga’s party' })
    expect((await joinFresh(app, joined.inviteToken, { token: mia.token })).statusCode).toBe(200)
    const invitedOnly = await createEvent(app, t.organizer, { title: 'Just invited' })
    await app.inject({
      method: 'POST',
      url: `/api/events/${invitedOnly.id}/invitations`,
      headers: bearer(t.organizer),
      payload: { userId: mia.id, name: 'Mia Member' },
    })
    await createEvent(app, t.stranger, { title: 'Not hers' })
    const { httpsUrl } = await feedUrl(mia.token)
    const res = await read(pathOf(httpsUrl))
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['content-type']).toContain('text/calendar')
    const list = entries(res.body)

    const options = list.filter((e) => e.uid.startsWith(`${polling.id}-`))
    expect(options).toHaveLength(3)
    for (const [i, option] of options.entries()) {
      expect(option.status).toBe('TENTATIVE')
      expect(option.summary).toBe(`Option ${i + 1}/3: Poll night (not decided)`)
      expect(option.uid).toBe(`${polling.id}-${polling.timeOptions[i].id}@prost`)
    }
    expect(list.find((e) => e.uid === `${decided.id}@prost`)).toMatchObject({
      status: 'CONFIRMED',
      summary: 'Decided night',
      start: decided.timeOptions[0].startsAt,
    })
    expect(list.find((e) => e.uid === `${cancelled.id}@prost`)?.status).toBe('CANCELLED')
    expect(list.filter((e) => e.uid.startsWith(joined.id))).toHaveLength(3)
    expect(res.body).not.toContain('Just invited')
    expect(res.body).not.toContain('Not hers')
    // No participant names (nor votes, which this service does not even hold).
    expect(res.body).not.toContain('Vera Voter')

    // A reschedule moves the entry under the same UID with a higher SEQUENCE.
    const before = list.find((e) => e.uid === `${decided.id}@prost`)!
    const moved = await decide(app, mia.token, decided.id, 'reschedule', {
      timeOptionId: decided.timeOptions[1].id,
      placeOptionId: decided.placeOptions[1].id,
    })
    expect(moved.statusCode).toBe(200)
    const after = entries((await read(pathOf(httpsUrl))).body).find((e) => e.uid === `${decided.id}@prost`)!
    expect(after.sequence).toBeGreaterThan(before.sequence)
    expect(after.start).toBe(decided.timeOptions[1].startsAt)
  })

  it('answers 404 problem+json for a made-up token and for a rotated one, 400 for a malformed one', async () => {
    const made = await read(`/api/events/calendar/${'x'.repeat(32)}.ics`)
    expect(made.statusCode).toBe(404)
    expect(made.headers['content-type']).toContain('application/problem+json')
    expect((await read('/api/events/calendar/short.ics')).statusCode).toBe(400)
    expect((await read(`/api/events/calendar/${'x'.repeat(32)}.txt`)).statusCode).toBe(400)

    const old = await feedUrl(friend.token)
    expect((await read(pathOf(old.httpsUrl))).statusCode).toBe(200)
    const rotated = await app.inject({
      method: 'POST',
      url: '/api/events/calendar/feed/rotate',
      headers: bearer(friend.token),
    })
    expect(rotated.statusCode).toBe(200)
    expect(rotated.json().httpsUrl).not.toBe(old.httpsUrl)
    expect((await read(pathOf(old.httpsUrl))).statusCode).toBe(404)
    expect((await read(pathOf(rotated.json().httpsUrl))).statusCode).toBe(200)
    expect(await feedUrl(friend.token)).toEqual(rotated.json())
  })
})
