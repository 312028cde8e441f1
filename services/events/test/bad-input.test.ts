import { describe, expect, it } from 'vitest'
import { bearer, beerEvent, buildWithEvent, decide, joinByLink } from './helper.js'

const { app, t, event } = await buildWithEvent()
const eventId = event.id

const count = () =>
  app
    .inject({ url: '/api/events/mine', headers: bearer(t.organizer) })
    .then((r) => r.json().items.length as number)
const create = (payload: unknown) =>
  app.inject({
    method: 'POST',
    url: '/api/events',
    headers: { ...bearer(t.organizer), 'content-type': 'application/json' },
    payload: payload as string,
  })

const soon = new Date(Date.now() + 86_400_000).toISOString()
const later = new Date(Date.now() + 2 * 86_400_000).toISOString()

describe('POST /api/events refuses bad input with 4xx problem+json and writes nothing', () => {
  it.each([
    ['an unknown field', { isAdmin: true }],
    ['a Mongo operator as the title', { title: { $gt: '' } }],
    ['a Mongo operator as the time zone', { timeZone: { $ne: null } }],
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['a time zone that is not a name', { timeZone: '../../etc/passwd' }],
    ['an end before the start', { timeOptions: [{ startsAt: later, endsAt: soon }] }],
    ['an end equal to the start', { timeOptions: [{ startsAt: soon, endsAt: soon }] }],
    ['a date in 2999', { timeOptions: [{ startsAt: '2999-01-01T18:00:00Z' }] }],
    ['a date long past', { timeOptions: [{ startsAt: '2001-01-01T18:00:00Z' }] }],
    ['a date that is not a date', { timeOptions: [{ startsAt: '2026-13-45T99:00:00Z' }] }],
    ['both endsAt and a duration', { timeOptions: [{ startsAt: soon, endsAt: later, durationMinutes: 60 }] }],
    [
      '10,000 options',
      {
        timeOptions: Array.from({ length: 10_000 }, (_, i) => ({
          startsAt: new Date(Date.now() + (i + 1) * 3600_000).toISOString(),
        })),
      },
    ],
    ['the same time twice', { timeOptions: [{ startsAt: soon }, { startsAt: soon }] }],
    ['a javascript: map link', { placeOptions: [{ name: 'Evil bar', mapUrl: 'javascript:alert(1)' }] }],
    ['a latitude of 200', { placeOptions: [{ name: 'Pole', lat: 200, lon: 0 }] }],
    ['an empty title', { title: '' }],
    ['a title as a number', { title: 42 }],
    [
      'a prototype-pollution key',
      '{"title":"x","timeZone":"UTC","timeOptions":[],"placeOptions":[],"__proto__":{"admin":true}}',
    ],
  ])('%s', async (_label, patch) => {
    const before = await count()
    const payload = typeof patch === 'string' ? patch : JSON.stringify({ ...beerEvent(), ...patch })
    const res = await create(payload)
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().title).toBeTruthy()
    expect(await count()).toBe(before)
  })

  it('answers 413 to a 10 MB title', async () => {
    const res = await create(JSON.stringify({ ...beerEvent(), title: 'x'.repeat(10 * 1024 * 1024) }))
    expect(res.statusCode).toBe(413)
  })

  it('names the offending field', async () => {
    const res = await create(
      JSON.stringify({ ...beerEvent(), timeOptions: [{ startsAt: later, endsAt: soon }] }),
    )
    expect(res.json().errors[0].path).toBe('/body/timeOptions/0/endsAt')
  })
})

describe('other routes refuse bad input', () => {
  it('refuses ids that are not ids and unknown events', async () => {
    expect((await app.inject({ url: '/api/events/..%2F..%2Fetc' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/events/000000000000000000000000' })).statusCode).toBe(404)
  })

  it('refuses a finalize naming options of another event', async () => {
    const res = await decide(app, t.organizer, eventId, 'finalize', {
      timeOptionId: '64b0000000000000000000aa',
      placeOptionId: '64b0000000000000000000bb',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors[0].path).toBe('/body/timeOptionId')
  })

  it('refuses listing queries with operators, bad dates or unknown parameters', async () => {
    for (const query of [
      'q[$gt]=',
      'from=yesterday',
      'timeOfDay=brunch',
      'limit=1000',
      'cursor=%24where',
      'from=2026-01-01&to=2030-01-01',
      'sort=-1',
    ]) {
      const res = await app.inject({ url: `/api/events?${query}` })
      expect(res.statusCode, query).toBe(400)
    }
  })

  it('refuses an invalid invite token and a guest without a name', async () => {
    expect((await joinByLink(app, 'x'.repeat(24), { displayName: 'Bob' })).statusCode).toBe(404)
    const event = (await app.inject({ url: `/api/events/${eventId}`, headers: bearer(t.organizer) })).json()
    const nameless = await joinByLink(app, event.inviteToken, {})
    expect(nameless.statusCode).toBe(400)
    expect(nameless.json().errors[0].path).toBe('/body/displayName')
  })
})
