import { beforeAll, describe, expect, it } from 'vitest'
import {
  bearer,
  beerEvent,
  build,
  createEvent,
  decide,
  joinByLink,
  signTestToken,
  tokens,
  type TestApp,
} from './helper.js'

let app: TestApp
let t: ReturnType<typeof tokens>
let event: { id: string; inviteToken: string; timeOptions: { id: string }[]; placeOptions: { id: string }[] }
let who: Record<string, string | undefined>

beforeAll(async () => {
  app = await build()
  t = tokens()
  event = await createEvent(app, t.organizer, { visibility: 'private' })
  const guest = (await joinByLink(app, event.inviteToken, { displayName: 'Gus' })).json()
  const otherEvent = await createEvent(app, t.stranger)
  const otherGuest = (await joinByLink(app, otherEvent.inviteToken, { displayName: 'Eve' })).json()
  who = {
    'no token': undefined,
    // Well formed, but signed with a key the service does not trust.
    'a forged token': signTestToken(
      { sub: '64b000000000000000000001', kind: 'user', role: 'user', name: 'Olga Organizer' },
      { secret: 'f'.repeat(48) },
    ),
    'an expired token': signTestToken(
      { sub: '64b000000000000000000001', kind: 'user', role: 'user', name: 'Olga' },
      { expiresInSeconds: -60 },
    ),
    'another user': t.stranger,
    'a guest of another event': otherGuest.participantToken,
    'a participant': guest.participantToken,
    'the organizer': t.organizer,
  }
})

const organizerOnly = () =>
  [
    ['PATCH', `/api/events/${event.id}`, { title: 'Renamed' }],
    [
      'POST',
      `/api/events/${event.id}/time-options`,
      { startsAt: new Date(Date.now() + 9 * 86_400_000).toISOString() },
    ],
    [
      'PUT',
      `/api/events/${event.id}/time-options/${event.timeOptions[0]!.id}`,
      { startsAt: new Date(Date.now() + 8 * 86_400_000).toISOString() },
    ],
    ['DELETE', `/api/events/${event.id}/time-options/${event.timeOptions[2]!.id}`, undefined],
    ['POST', `/api/events/${event.id}/place-options`, { name: 'Another bar' }],
    ['PUT', `/api/events/${event.id}/place-options/${event.placeOptions[0]!.id}`, { name: 'Renamed bar' }],
    ['POST', `/api/events/${event.id}/invitations`, { userId: '64b000000000000000000004', name: 'Ivy' }],
    ['POST', `/api/events/${event.id}/invite-link`, undefined],
    ['DELETE', `/api/events/${event.id}/cover`, undefined],
  ] as const

// What each caller gets on an organizer-only route of a private event.
const expected: Record<string, number[]> = {
  'no token': [401],
  'a forged token': [401],
  'an expired token': [401],
  'another user': [404], // outsiders cannot tell a private event exists
  'a guest of another event': [404],
  'a participant': [403],
  'the organizer': [200, 201],
}

describe('authorization matrix on a private event', () => {
  it('allows organizer-only routes to the organizer alone', async () => {
    for (const [caller, token] of Object.entries(who)) {
      for (const [method, url, payload] of organizerOnly()) {
        if (caller === 'the organizer' && url.endsWith('/invite-link')) continue // keep the link valid for the others
        const res = await app.inject({ method, url, payload, headers: token ? bearer(token) : {} })
        expect(
          expected[caller],
          `${caller}: ${method} ${url} → ${res.statusCode} ${res.body.slice(0, 120)}`,
        ).toContain(res.statusCode)
        expect(res.headers['content-type']).toMatch(/json/)
      }
    }
  })

  it('lets participants read and comment, outsiders neither', async () => {
    for (const [caller, token] of Object.entries(who)) {
      const read = await app.inject({ url: `/api/events/${event.id}`, headers: token ? bearer(token) : {} })
      const comment = await app.inject({
        method: 'POST',
        url: `/api/events/${event.id}/comments`,
        payload: { text: 'hi' },
        headers: token ? bearer(token) : {},
      })
      const insider = caller === 'a participant' || caller === 'the organizer'
      expect(read.statusCode, `${caller} reads`).toBe(
        insider ? 200 : caller.includes('token') && caller !== 'no token' ? 401 : 404,
      )
      expect(comment.statusCode, `${caller} comments`).toBe(
        insider ? 201 : caller === 'another user' || caller === 'a guest of another event' ? 404 : 401,
      )
    }
  })

  it('finalizes for the organizer only (and the last step, once)', async () => {
    // Option 0 was moved above (a moved time is a new option) and 2 removed; option 1 is as created.
    const body = { timeOptionId: event.timeOptions[1]!.id, placeOptionId: event.placeOptions[1]!.id }
    for (const caller of ['no token', 'a forged token', 'another user', 'a participant']) {
      const res = await decide(app, who[caller], event.id, 'finalize', body)
      expect(res.statusCode, caller).toBeGreaterThanOrEqual(401)
      expect(res.statusCode, caller).toBeLessThan(405)
    }
    const ok = await decide(app, t.organizer, event.id, 'finalize', body)
    expect(ok.statusCode).toBe(200)
    const cancel = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/cancel`,
      headers: bearer(who['a participant']!),
    })
    expect(cancel.statusCode).toBe(403)
  })

  it('does not list private events to anyone', async () => {
    const page = (await app.inject({ url: '/api/events?q=canal' })).json()
    expect(page.items.map((e: { id: string }) => e.id)).not.toContain(event.id)
  })

  it('asks for a token before looking at the body (401, not 400)', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/events', payload: { title: 'Beer' } })
    expect(res.statusCode).toBe(401)
    expect(res.json().type).toBe('https://prost.dev/problems/unauthenticated')
  })

  it('refuses event creation to guests', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(who['a participant']!),
      payload: beerEvent(),
    })
    expect(res.statusCode).toBe(403)
  })
})
