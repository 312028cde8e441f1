import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ICAL from 'ical.js'
import { bearer, build, decide, signTestToken, type TestApp } from './helper.js'
import { domainMessages } from './messages.js'

let app: TestApp
let bus: Awaited<ReturnType<typeof domainMessages>>
// A display name with every character a quoted iCalendar parameter cannot hold as is.
const organizer = signTestToken({
  sub: '64b0000000000000000000a1',
  kind: 'user',
  role: 'user',
  name: 'Probe "Org": Anna',
})

beforeAll(async () => {
  app = await build({ PUBLIC_URL: 'https://prost.example' })
  bus = await domainMessages()
})
afterAll(() => bus.close())

const octets = (line: string) => Buffer.byteLength(line, 'utf8')
const inDaysAt = (days: number, seconds: number) => {
  const d = new Date(Date.now() + days * 86_400_000)
  d.setUTCSeconds(seconds, 0)
  return d
}
const utc = (d: Date | string) => new Date(d).toISOString().replace(/\.\d+Z$/, 'Z')

async function calendarOf(eventId: string) {
  const res = await app.inject({ url: `/api/events/${eventId}/ics`, headers: bearer(organizer) })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8')
  const vevent = new ICAL.Component(ICAL.parse(res.body)).getFirstSubcomponent('vevent')!
  return { body: res.body, vevent, event: new ICAL.Event(vevent) }
}

describe('GET /api/events/:id/ics', () => {
  const title = 'probe 🍺 Prost, ICS; check — Grüße 🎉 with a long enough title to fold 🍻'
  const first = inDaysAt(5, 30)
  const second = inDaysAt(6, 45)
  let event: { id: string; timeOptions: { id: string }[]; placeOptions: { id: string }[] }

  beforeAll(async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(organizer),
      payload: {
        title,
        timeZone: 'Europe/Moscow',
        visibility: 'private',
        timeOptions: [
          { startsAt: first.toISOString() },
          { startsAt: second.toISOString(), durationMinutes: 90 },
        ],
        placeOptions: [
          { name: 'Бар «Пивная»', address: 'ул. Тверская, 7; вход 2' },
          { name: 'Prater', address: 'Kastanienallee 7, Berlin', lat: 52.54, lon: 13.41 },
        ],
      },
    })
    expect(created.statusCode).toBe(201)
    event = created.json()
    const finalized = await decide(app, organizer, event.id, 'finalize', {
      timeOptionId: event.timeOptions[0]!.id,
      placeOptionId: event.placeOptions[0]!.id,
    })
    expect(finalized.statusCode).toBe(200)
  })

  it('is a file a real parser reads back: title, organizer, times to the second, place', async () => {
    const { body, vevent, event: parsed } = await calendarOf(event.id)
    expect(parsed.summary).toBe(title)
    expect(parsed.startDate.toJSDate().toISOString()).toBe(first.toISOString())
    expect(parsed.endDate.toJSDate().getTime()).toBe(first.getTime() + 2 * 3600_000)
    expect(parsed.location).toBe('Бар «Пивная», ул. Тверская, 7; вход 2')
    const org = vevent.getFirstProperty('organizer')!
    expect(org.getParameter('cn')).toBe("Probe 'Org': Anna")
    expect(org.getFirstValue()).toBe(`https://prost.example/events/${event.id}`)
    expect(vevent.getFirstPropertyValue('url')).toBe(`https://prost.example/events/${event.id}`)
    expect(vevent.getFirstProperty('dtstamp')).not.toBeNull()

    // What the acceptance probe checks, on the bytes as served.
    const physical = body.split('\r\n')
    expect(physical.pop()).toBe('')
    expect(body.replace(/\r\n/g, '')).not.toContain('\n')
    expect(physical.filter((l) => octets(l) > 75)).toEqual([])
    const lines = body
      .replace(/\r\n[ \t]/g, '')
      .split('\r\n')
      .filter(Boolean)
    expect(
      lines.filter(
        (l) => !/^[A-Za-z0-9-]+(;[A-Za-z0-9-]+=("[^"]*"|[^";:,]*)(,("[^"]*"|[^";:,]*))*)*:/.test(l),
      ),
    ).toEqual([])
    expect(lines).toContain(`DTSTART:${utc(first).replace(/[-:]/g, '')}`)
  })

  it('follows a reschedule under the same UID, with a higher SEQUENCE', async () => {
    const before = await calendarOf(event.id)
    const moved = await decide(app, organizer, event.id, 'reschedule', {
      timeOptionId: event.timeOptions[1]!.id,
      placeOptionId: event.placeOptions[1]!.id,
    })
    expect(moved.statusCode).toBe(200)
    const after = await calendarOf(event.id)
    expect(after.event.uid).toBe(before.event.uid)
    expect(after.event.sequence).toBeGreaterThan(before.event.sequence)
    expect(after.event.startDate.toJSDate().toISOString()).toBe(second.toISOString())
    expect(after.event.endDate.toJSDate().getTime()).toBe(second.getTime() + 90 * 60_000)
    expect(after.event.location).toBe('Prater, Kastanienallee 7, Berlin')
    expect(after.vevent.getFirstPropertyValue('geo')).toEqual([52.54, 13.41])
  })

  it('answers 409 problem+json while the event is still being voted on', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(organizer),
      payload: {
        title: 'Undecided',
        timeZone: 'UTC',
        timeOptions: [{ startsAt: first.toISOString() }],
        placeOptions: [],
      },
    })
    const res = await app.inject({ url: `/api/events/${created.json().id}/ics`, headers: bearer(organizer) })
    expect(res.statusCode).toBe(409)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })
})

describe('POST /api/events/:id/reschedule', () => {
  it('publishes nothing when the choice does not change', async () => {
    const start = inDaysAt(3, 0)
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(organizer),
      payload: {
        title: 'Same again',
        timeZone: 'Europe/Berlin',
        timeOptions: [{ startsAt: start.toISOString() }],
        placeOptions: [{ name: 'Kneipe' }],
      },
    })
    const event = created.json()
    const choice = { timeOptionId: event.timeOptions[0].id, placeOptionId: event.placeOptions[0].id }
    const finalized = await decide(app, organizer, event.id, 'finalize', choice)
    const again = await decide(app, organizer, event.id, 'reschedule', choice)
    expect(again.statusCode).toBe(200)
    expect(again.json().version).toBe(finalized.json().version)
    // A later change is published, so once it is seen nothing from the no-op can still be on its way.
    await app.inject({ method: 'POST', url: `/api/events/${event.id}/cancel`, headers: bearer(organizer) })
    const types = (await bus.forEvent(event.id, 3)).map((m) => m.type)
    expect(types).toEqual(['event.created', 'event.finalized', 'event.cancelled'])
  })
})
