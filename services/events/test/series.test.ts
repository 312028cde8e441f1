/**
 * Series of repeat meetups (issue 16, item 5): the routes (happy path, 4xx, who may), polls created
 * when due at the same wall-clock time across DST, exactly once when two replicas on one database
 * create the same occurrence, finished after a crash between claim and event, and stopping.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { uniqueName } from '@prost/platform/testing'
import { wallTimeToInstant } from '@prost/contracts'
import { bearer, build, createEvent, tokens, type TestApp } from './helper.js'
import { freshUser, joinFresh, withFreshAddresses } from './fresh-callers.js'

let app: TestApp
let replica: TestApp
const t = tokens()
const friend = freshUser('Fred Friend')

beforeAll(async () => {
  // Two replicas of the service on one database, as in a deployment with two pods.
  const db = uniqueName('events_series')
  const [first, second] = await Promise.all([build({ MONGODB_DB: db }), build({ MONGODB_DB: db })])
  app = withFreshAddresses(first)
  replica = withFreshAddresses(second)
})

/** The local date `days` days ahead in `zone`, moved forward to the given weekday (0 = Sunday). */
function dateAhead(days: number, weekday: number, zone = 'Europe/Berlin') {
  const d = new Date(Date.now() + days * 86_400_000)
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(d)
  const date = new Date(`${local}T12:00:00Z`)
  while (date.getUTCDay() !== weekday) date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

const startSeries = (token: string | undefined, payload: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/events/series',
    headers: token ? bearer(token) : {},
    payload: payload as object,
  })

async function sourceEvent() {
  const event = await createEvent(app, t.organizer, { visibility: 'private' })
  expect((await joinFresh(app, event.inviteToken, { token: friend.token })).statusCode).toBe(200)
  return event
}

const seriesEvents = (seriesId: string) =>
  app.mongo.db.collection('event_series_occurrences').find({ seriesId }).toArray()

describe('POST /api/events/series', () => {
  it('starts a weekly series; the poll due within the lead time is created at once, for the invitees', async () => {
    const source = await sourceEvent()
    const firstDate = dateAhead(2, 5) // the first Friday at least two days ahead: 2 to 8 days away
    // Just long enough for the first poll to be due now and not the second, a week later: a fixed
    // 14 days made the second one due as well on Friday evenings.
    const untilFirst = wallTimeToInstant(firstDate, '19:00', 'Europe/Berlin').getTime() - Date.now()
    const leadDays = Math.ceil(untilFirst / 86_400_000)
    const res = await startSeries(t.organizer, {
      fromEventId: source.id,
      firstDate,
      time: '19:00',
      leadDays,
    })
    expect(res.statusCode, res.body).toBe(201)
    const series = res.json()
    expect(series).toMatchObject({
      weekday: 5,
      time: '19:00',
      intervalWeeks: 1,
      status: 'active',
      timeZone: 'Europe/Berlin',
      until: null,
      durationMinutes: 180,
    })
    expect(series.occurrences).toHaveLength(1)
    const [first] = series.occurrences
    expect(first.date).toBe(firstDate)
    expect(first.startsAt).toBe(wallTimeToInstant(firstDate, '19:00', 'Europe/Berlin').toISOString())
    const poll = await app.inject({
      method: 'GET',
      url: `/api/events/${first.eventId}`,
      headers: bearer(friend.token),
    })
    expect(poll.statusCode, poll.body).toBe(200)
    expect(poll.json()).toMatchObject({
      title: source.title,
      status: 'polling',
      visibility: 'private',
      invited: [{ id: friend.id, name: 'Fred Friend' }],
      seriesId: series.id,
    })
    expect(poll.json().timeOptions.map((o: { startsAt: string }) => o.startsAt)).toEqual([first.startsAt])
    expect(poll.json().placeOptions).toHaveLength(2)
    expect(series.next.date > firstDate).toBe(true)

    const read = await app.inject({
      method: 'GET',
      url: `/api/events/series/${series.id}`,
      headers: bearer(friend.token),
    })
    expect(read.statusCode).toBe(200)
    expect(read.json().occurrences).toEqual(series.occurrences)

    // The organizer finds it again from the event it was started from.
    const listed = await app.inject({
      method: 'GET',
      url: `/api/events/series?fromEventId=${source.id}`,
      headers: bearer(t.organizer),
    })
    expect(listed.statusCode, listed.body).toBe(200)
    expect(listed.json().items.map((s: { id: string }) => s.id)).toEqual([series.id])
  })

  it.each([
    ['a time that is no time', { time: '25:00' }],
    ['an interval of 0 weeks', { intervalWeeks: 0 }],
    ['a lead time of 0 days', { leadDays: 0 }],
    ['an end before the start', { until: '2020-01-01' }],
    ['an unknown field', { every: 'friday' }],
    ['a malformed date', { firstDate: '2031-13-40' }],
  ])('refuses %s with 400 problem+json and stores nothing', async (_what, change) => {
    const source = await sourceEvent()
    const before = await app.mongo.db.collection('event_series').countDocuments()
    const res = await startSeries(t.organizer, {
      fromEventId: source.id,
      firstDate: dateAhead(20, 5),
      time: '19:00',
      ...change,
    })
    expect(res.statusCode, res.body).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(await app.mongo.db.collection('event_series').countDocuments()).toBe(before)
  })

  it('lets only the organizer of the event start, read and stop a series', async () => {
    const source = await sourceEvent()
    const body = { fromEventId: source.id, firstDate: dateAhead(30, 5), time: '19:00' }
    const guest = (await joinFresh(app, source.inviteToken, { displayName: 'Gus' })).json().participantToken
    expect((await startSeries(friend.token, body)).statusCode).toBe(403)
    expect((await startSeries(guest, body)).statusCode).toBe(403)
    expect((await startSeries(t.stranger, body)).statusCode).toBe(404)
    expect((await startSeries(t.admin, body)).statusCode).toBe(403)
    expect((await startSeries(undefined, body)).statusCode).toBe(401)
    const created = await startSeries(t.organizer, body)
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    const get = (token?: string) =>
      app.inject({ method: 'GET', url: `/api/events/series/${id}`, headers: token ? bearer(token) : {} })
    const stop = (token?: string) =>
      app.inject({
        method: 'POST',
        url: `/api/events/series/${id}/stop`,
        headers: token ? bearer(token) : {},
      })
    expect([
      (await get(friend.token)).statusCode,
      (await get(t.stranger)).statusCode,
      (await get()).statusCode,
    ]).toEqual([200, 404, 401])
    expect([
      (await stop(friend.token)).statusCode,
      (await stop(t.stranger)).statusCode,
      (await stop(guest)).statusCode,
    ]).toEqual([403, 404, 403])
    expect((await stop()).statusCode).toBe(401)
    const list = (token?: string) =>
      app.inject({
        method: 'GET',
        url: `/api/events/series?fromEventId=${source.id}`,
        headers: token ? bearer(token) : {},
      })
    expect([
      (await list(t.organizer)).statusCode,
      (await list(friend.token)).statusCode,
      (await list(t.stranger)).statusCode,
      (await list(guest)).statusCode,
      (await list()).statusCode,
    ]).toEqual([200, 403, 404, 403, 401])
    expect((await get('not a token')).statusCode).toBe(401)
    expect(
      (await app.inject({ method: 'GET', url: '/api/events/series/123', headers: bearer(t.organizer) }))
        .statusCode,
    ).toBe(400)
  })
})

describe('the series sweeper', () => {
  it('creates an occurrence once when two replicas sweep it at the same time, 19:00 local across DST', async () => {
    const source = await sourceEvent()
    // Fridays around the end of summer time in Berlin (last Sunday of October 2027).
    const res = await startSeries(t.organizer, {
      fromEventId: source.id,
      firstDate: '2027-10-22',
      time: '19:00',
      leadDays: 3,
      until: '2027-11-05',
    })
    expect(res.statusCode, res.body).toBe(201)
    const id = res.json().id
    expect(res.json().occurrences).toEqual([])

    for (const date of ['2027-10-22', '2027-10-29', '2027-11-05']) {
      const due = new Date(
        wallTimeToInstant(date, '19:00', 'Europe/Berlin').getTime() - 3 * 86_400_000 + 60_000,
      )
      // Both replicas (their own lock clients, one database) race for the same occurrence, twice each.
      await Promise.all([
        app.seriesRepository.sweeper.processSeries(id, due),
        replica.seriesRepository.sweeper.processSeries(id, due),
        app.seriesRepository.sweeper.processSeries(id, due),
        replica.seriesRepository.sweeper.processSeries(id, due),
      ])
      const created = await seriesEvents(id)
      expect(created.filter((o) => o.date === date)).toHaveLength(1)
    }
    const view = (
      await app.inject({ method: 'GET', url: `/api/events/series/${id}`, headers: bearer(t.organizer) })
    ).json()
    expect(view.occurrences.map((o: { startsAt: string }) => o.startsAt)).toEqual([
      '2027-10-22T17:00:00.000Z', // 19:00 CEST
      '2027-10-29T17:00:00.000Z', // 19:00 CEST, the last Friday before the change (Sunday 31 October)
      '2027-11-05T18:00:00.000Z', // 19:00 CET
    ])
    // Exactly one event per occurrence, each with its own start.
    for (const o of view.occurrences) {
      const event = await app.inject({
        method: 'GET',
        url: `/api/events/${o.eventId}`,
        headers: bearer(t.organizer),
      })
      expect(event.json().timeOptions[0].startsAt).toBe(o.startsAt)
    }
    // No second event for any occurrence (under another id, say).
    for (const o of view.occurrences) {
      const polls = await app.mongo.db
        .collection('events')
        .countDocuments({ memberIds: friend.id, 'timeOptions.startsAt': new Date(o.startsAt) })
      expect(polls, o.date).toBe(1)
    }
    expect(view).toMatchObject({ status: 'ended', next: null })
  })

  it('finishes an occurrence whose claim was stored before a crash, with the claimed event id', async () => {
    const source = await sourceEvent()
    const res = await startSeries(t.organizer, {
      fromEventId: source.id,
      firstDate: '2028-03-03',
      time: '18:30',
      leadDays: 2,
    })
    const id = res.json().id
    const claimedId = 'aaaaaaaaaaaaaaaaaaaaaaaa'
    // What a replica that died right after its claim leaves behind.
    await app.mongo.db.collection('event_series_occurrences').insertOne({
      _id: `${id}:2028-03-03` as never,
      seriesId: id,
      date: '2028-03-03',
      eventId: claimedId,
      startsAt: wallTimeToInstant('2028-03-03', '18:30', 'Europe/Berlin'),
      claimedAt: new Date(),
    })
    const due = new Date(wallTimeToInstant('2028-03-03', '18:30', 'Europe/Berlin').getTime() - 86_400_000)
    await replica.seriesRepository.sweeper.processSeries(id, due)
    const event = await app.inject({
      method: 'GET',
      url: `/api/events/${claimedId}`,
      headers: bearer(t.organizer),
    })
    expect(event.statusCode, event.body).toBe(200)
    expect(event.json().timeOptions[0].startsAt).toBe('2028-03-03T17:30:00.000Z')
    expect(await seriesEvents(id)).toHaveLength(1)
  })

  it('creates nothing after a stop; the polls already created stay', async () => {
    const source = await sourceEvent()
    const res = await startSeries(t.organizer, {
      fromEventId: source.id,
      firstDate: '2028-06-02',
      time: '20:00',
      leadDays: 5,
      intervalWeeks: 2,
    })
    const id = res.json().id
    const firstDue = new Date(
      wallTimeToInstant('2028-06-02', '20:00', 'Europe/Berlin').getTime() - 4 * 86_400_000,
    )
    await app.seriesRepository.sweeper.processSeries(id, firstDue)
    const stopped = await app.inject({
      method: 'POST',
      url: `/api/events/series/${id}/stop`,
      headers: bearer(t.organizer),
    })
    expect(stopped.statusCode).toBe(200)
    expect(stopped.json()).toMatchObject({ status: 'stopped', next: null })
    expect(stopped.json().stoppedAt).not.toBeNull()
    // Every two weeks: the next would have been 2028-06-16.
    await replica.seriesRepository.sweeper.processSeries(id, new Date('2028-06-15T00:00:00Z'))
    const created = await seriesEvents(id)
    expect(created.map((o) => o.date)).toEqual(['2028-06-02'])
    const poll = await app.inject({
      method: 'GET',
      url: `/api/events/${created[0]!.eventId}`,
      headers: bearer(t.organizer),
    })
    expect(poll.json().status).toBe('polling')
    // Stopping again changes nothing.
    const again = await app.inject({
      method: 'POST',
      url: `/api/events/series/${id}/stop`,
      headers: bearer(t.organizer),
    })
    expect(again.json().stoppedAt).toBe(stopped.json().stoppedAt)
  })
})
