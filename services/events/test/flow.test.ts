import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bearer, beerEvent, build, createEvent, decide, joinByLink, tokens, type TestApp } from './helper.js'
import { domainMessages } from './messages.js'

let app: TestApp
let t: ReturnType<typeof tokens>
let bus: Awaited<ReturnType<typeof domainMessages>>

beforeAll(async () => {
  app = await build()
  t = tokens()
  bus = await domainMessages()
})
afterAll(() => bus.close())

describe('organizer → invite link → guest → finalize', () => {
  it('runs the whole flow and publishes a message for every step', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(t.organizer),
      payload: beerEvent(),
    })
    expect(created.statusCode).toBe(201)
    const event = created.json()
    expect(event.timeOptions).toHaveLength(3)
    expect(event.placeOptions).toHaveLength(2)
    expect(event.participants.map((p: { name: string }) => p.name)).toEqual(['Olga Organizer'])
    expect(event.inviteToken).toMatch(/^[A-Za-z0-9_-]{24}$/)
    expect(created.headers.location).toBe(`/api/events/${event.id}`)
    // The default duration is two hours.
    const third = event.timeOptions[2]
    expect(Date.parse(third.endsAt) - Date.parse(third.startsAt)).toBe(2 * 3600_000)

    // A friend (signed in) and a guest (just a name) join with the link.
    const friend = await joinByLink(app, event.inviteToken, { token: t.friend })
    expect(friend.statusCode).toBe(200)
    expect(friend.json().participant).toMatchObject({ id: '64b000000000000000000002', kind: 'user' })
    const guest = await joinByLink(app, event.inviteToken, { displayName: 'Gus Guest' })
    expect(guest.statusCode).toBe(200)
    const { participantToken, participant } = guest.json()
    expect(participant).toMatchObject({ kind: 'participant', name: 'Gus Guest' })

    // The guest's token works for this event: reading it and commenting.
    const seen = await app.inject({ url: `/api/events/${event.id}`, headers: bearer(participantToken) })
    expect(seen.json().participants.map((p: { name: string }) => p.name)).toEqual([
      'Olga Organizer',
      'Fred Friend',
      'Gus Guest',
    ])
    expect(seen.json().inviteToken).toBeUndefined()
    const comment = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/comments`,
      headers: bearer(participantToken),
      payload: { text: 'I bring the pretzels' },
    })
    expect(comment.statusCode).toBe(201)
    expect(comment.json().author).toEqual({ id: participant.id, name: 'Gus Guest' })

    // Joining twice changes nothing.
    await joinByLink(app, event.inviteToken, { token: t.friend })

    const final = await decide(app, t.organizer, event.id, 'finalize', {
      timeOptionId: event.timeOptions[1].id,
      placeOptionId: event.placeOptions[0].id,
    })
    expect(final.statusCode).toBe(200)
    expect(final.json()).toMatchObject({
      status: 'finalized',
      final: { startsAt: event.timeOptions[1].startsAt, place: { name: 'Klunkerkranich' } },
    })

    const messages = await bus.forEvent(event.id, 4)
    expect(messages.map((m) => m.type)).toEqual([
      'event.created',
      'participant.joined',
      'participant.joined',
      'event.finalized',
    ])
    const finalized = messages[3]!
    expect(finalized.payload).toMatchObject({ status: 'finalized', version: final.json().version })
    expect((finalized.payload as { participants: unknown[] }).participants).toHaveLength(3)
    expect(new Set(messages.map((m) => m.id)).size).toBe(4)

    const ics = await app.inject({ url: `/api/events/${event.id}/ics`, headers: bearer(participantToken) })
    expect(ics.statusCode).toBe(200)
    expect(ics.headers['content-type']).toContain('text/calendar')
    const start = event.timeOptions[1].startsAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')
    expect(ics.body).toContain('BEGIN:VCALENDAR')
    expect(ics.body).toContain(`DTSTART:${start}`)
    expect(ics.body).toContain('SUMMARY:Friday beer at the canal')
    expect(ics.body).toContain('LOCATION:Klunkerkranich\\, Karl-Marx-Straße 66\\, Berlin')
  })

  it('lets exactly one of two racing finalizes win', async () => {
    const event = await createEvent(app, t.organizer)
    const finalize = (i: number) =>
      decide(app, t.organizer, event.id, 'finalize', {
        timeOptionId: event.timeOptions[i].id,
        placeOptionId: event.placeOptions[i].id,
      })
    const answers = await Promise.all([finalize(0), finalize(1)])
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409])
    const winner = answers.find((a) => a.statusCode === 200)!.json()
    const stored = (await app.inject({ url: `/api/events/${event.id}` })).json()
    expect(stored.final).toEqual(winner.final)
    const messages = await bus.forEvent(event.id, 2)
    expect(messages.filter((m) => m.type === 'event.finalized')).toHaveLength(1)
  })

  it('reschedules and cancels with their messages', async () => {
    const event = await createEvent(app, t.organizer)
    const choose = (step: 'finalize' | 'reschedule', i: number) =>
      decide(app, t.organizer, event.id, step, {
        timeOptionId: event.timeOptions[i].id,
        placeOptionId: event.placeOptions[0].id,
      })
    expect((await choose('reschedule', 0)).statusCode).toBe(409) // not finalized yet
    expect((await choose('finalize', 0)).statusCode).toBe(200)
    expect((await choose('reschedule', 2)).json().final.startsAt).toBe(event.timeOptions[2].startsAt)
    const cancelled = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/cancel`,
      headers: bearer(t.organizer),
    })
    expect(cancelled.json().status).toBe('cancelled')
    const types = (await bus.forEvent(event.id, 4)).map((m) => m.type)
    expect(types).toEqual(['event.created', 'event.finalized', 'event.rescheduled', 'event.cancelled'])
  })

  it('edits options while voting and refuses afterwards', async () => {
    const event = await createEvent(app, t.organizer)
    const addPlace = (name: string) =>
      app.inject({
        method: 'POST',
        url: `/api/events/${event.id}/place-options`,
        headers: bearer(t.organizer),
        payload: { name },
      })
    const added = await addPlace('Café Kotti')
    expect(added.statusCode).toBe(201)
    expect(added.json().placeOptions).toHaveLength(3)
    const removed = await app.inject({
      method: 'DELETE',
      url: `/api/events/${event.id}/time-options/${event.timeOptions[0].id}`,
      headers: bearer(t.organizer),
    })
    expect(removed.json().timeOptions).toHaveLength(2)
    await decide(app, t.organizer, event.id, 'finalize', {
      timeOptionId: event.timeOptions[1].id,
      placeOptionId: event.placeOptions[0].id,
    })
    const late = await addPlace('Too late bar')
    expect(late.statusCode).toBe(409)
  })

  it('answers health on its public path', async () => {
    expect((await app.inject({ url: '/api/events/healthz' })).json()).toEqual({
      status: 'ok',
      service: 'events',
    })
    expect((await app.inject({ url: '/api/events/readyz' })).statusCode).toBe(200)
  })
})
