/**
 * Issue 16, features 1 and 7, end to end through HAProxy with events and voting: a new event is
 * private unless asked otherwise; the privacy settings travel from events to voting's board; the
 * finalize guard asks voting and wants `force: true` for a choice everyone rejected, never for an
 * event without votes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Board, Event, EventPage } from '@prost/contracts'
import {
  call,
  inDays,
  startIngressStack,
  uniqueName,
  userToken,
  type IngressStack,
} from '@prost/test-support'

let stack: IngressStack
const olga = userToken('Olga')
const fred = userToken('Fred')
const mila = userToken('Mila')

beforeAll(async () => {
  stack = await startIngressStack({ only: ['voting', 'events'] })
}, 120_000)

afterAll(async () => {
  await stack?.stop()
})

async function create(body: Record<string, unknown>) {
  const created = await call<Event>(stack.url, 'POST', '/api/events', {
    token: olga,
    body: {
      title: uniqueName('Privacy beer'),
      timeZone: 'Europe/Berlin',
      timeOptions: [{ startsAt: inDays(8) }, { startsAt: inDays(9) }],
      placeOptions: [{ name: 'Bierhaus' }, { name: 'Biergarten' }],
      ...body,
    },
  })
  expect(created.status, created.text).toBe(201)
  return created.json
}

async function join(event: Event, token: string) {
  const joined = await call(stack.url, 'POST', '/api/events/join', {
    token,
    body: { inviteToken: event.inviteToken },
  })
  expect(joined.status, joined.text).toBe(200)
}

const board = async (event: Event, token?: string) => {
  const res = await call<Board>(stack.url, 'GET', `/api/votes/${event.id}`, token ? { token } : {})
  expect(res.status, res.text).toBe(200)
  return res.json
}

async function vote(event: Event, token: string, choices: Record<string, 'yes' | 'maybe' | 'no'>) {
  const put = await call(stack.url, 'PUT', `/api/votes/${event.id}`, { token, body: { choices } })
  expect(put.status, put.text).toBe(200)
}

/** Waits until voting's copy knows every participant (joins travel as messages). */
const votingKnows = (event: Event, count: number) =>
  vi.waitFor(async () => expect((await board(event, olga)).participants).toHaveLength(count), {
    timeout: 10_000,
    interval: 100,
  })

describe('privacy per event', () => {
  it('makes a new event private unless asked, so it is not listed', async () => {
    const event = await create({})
    expect(event).toMatchObject({ visibility: 'private', hideResults: false, hideNames: false })
    const listed = await call<EventPage>(stack.url, 'GET', `/api/events?q=${encodeURIComponent(event.title)}`)
    expect(listed.status).toBe(200)
    expect(listed.json.items.map((e) => e.id)).not.toContain(event.id)
    expect((await call(stack.url, 'GET', `/api/votes/${event.id}`)).status).toBe(404)
  })

  it('hides the results from a participant until they vote; the organizer sees everything', async () => {
    const event = await create({ hideResults: true })
    await join(event, fred)
    await votingKnows(event, 2)
    await vote(event, olga, { [event.timeOptions[0]!.id]: 'yes' })
    expect((await board(event, fred)).view).toBe('results-hidden')
    expect((await board(event, fred)).timeOptions[0]!.counts.yes).toBe(0)
    expect((await board(event, olga)).timeOptions[0]!.voters.yes).toHaveLength(1)
    await vote(event, fred, { [event.timeOptions[0]!.id]: 'maybe' })
    const after = await board(event, fred)
    expect(after.view).toBe('full')
    expect(after.timeOptions[0]!.counts).toEqual({ yes: 1, maybe: 1, no: 0 })
  })

  it('lets the organizer switch to anonymous voting while polling, never after, and never anyone else', async () => {
    const event = await create({})
    await join(event, fred)
    const notOrganizer = await call(stack.url, 'PATCH', `/api/events/${event.id}`, {
      token: fred,
      body: { hideNames: true },
    })
    expect(notOrganizer.status).toBe(403)
    const switched = await call<Event>(stack.url, 'PATCH', `/api/events/${event.id}`, {
      token: olga,
      body: { hideNames: true },
    })
    expect(switched.status, switched.text).toBe(200)
    expect(switched.json.hideNames).toBe(true)
    await vi.waitFor(async () => expect((await board(event, fred)).view).toBe('names-hidden'), {
      timeout: 10_000,
      interval: 100,
    })
    const finalized = await call(stack.url, 'POST', `/api/events/${event.id}/finalize`, {
      token: olga,
      body: { timeOptionId: event.timeOptions[0]!.id, placeOptionId: event.placeOptions[0]!.id },
    })
    expect(finalized.status, finalized.text).toBe(200)
    const late = await call(stack.url, 'PATCH', `/api/events/${event.id}`, {
      token: olga,
      body: { hideNames: false },
    })
    expect(late.status).toBe(409)
  })
})

describe('finalize guard and best combination', () => {
  it('wants force: true for a time everyone rejected, and shows the best combination with its scores', async () => {
    const event = await create({ visibility: 'public' })
    await join(event, fred)
    await join(event, mila)
    await votingKnows(event, 3)
    const [t0, t1] = event.timeOptions.map((o) => o.id) as [string, string]
    const [p0, p1] = event.placeOptions.map((o) => o.id) as [string, string]
    await vote(event, olga, { [t0]: 'no', [t1]: 'yes', [p0]: 'yes', [p1]: 'maybe' })
    await vote(event, fred, { [t0]: 'no', [t1]: 'maybe', [p0]: 'yes' })
    await vote(event, mila, { [t0]: 'no', [p1]: 'yes' })

    const best = (await board(event)).bestCombination
    expect(best).toEqual({
      time: { optionId: t1, score: 1.5, yes: 1, maybe: 1, no: 0 },
      place: { optionId: p0, score: 2, yes: 2, maybe: 0, no: 0 },
      score: 3.5,
    })

    const finalize = (body: Record<string, unknown>) =>
      call<Event & { type: string; errors: { path: string }[] }>(
        stack.url,
        'POST',
        `/api/events/${event.id}/finalize`,
        {
          token: olga,
          body,
        },
      )
    const refused = await finalize({ timeOptionId: t0, placeOptionId: p0 })
    expect(refused.status, refused.text).toBe(409)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(refused.json.type).toMatch(/needs-confirmation$/)
    expect(refused.json.errors.map((e) => e.path)).toEqual(['/body/timeOptionId'])
    expect(
      (await call<Event>(stack.url, 'GET', `/api/events/${event.id}`, { token: olga })).json.status,
    ).toBe('polling')

    const forced = await finalize({ timeOptionId: t0, placeOptionId: p0, force: true })
    expect(forced.status, forced.text).toBe(200)
    expect(forced.json).toMatchObject({ status: 'finalized', final: { timeOptionId: t0, placeOptionId: p0 } })
  })

  it('lets the organizer finalize without any votes, and a choice someone accepted without asking', async () => {
    const bare = await create({})
    const plain = await call(stack.url, 'POST', `/api/events/${bare.id}/finalize`, {
      token: olga,
      body: { timeOptionId: bare.timeOptions[0]!.id, placeOptionId: bare.placeOptions[0]!.id },
    })
    expect(plain.status, plain.text).toBe(200)

    const event = await create({})
    await join(event, fred)
    await votingKnows(event, 2)
    await vote(event, olga, { [event.timeOptions[0]!.id]: 'no', [event.placeOptions[0]!.id]: 'no' })
    await vote(event, fred, { [event.timeOptions[0]!.id]: 'maybe', [event.placeOptions[0]!.id]: 'no' })
    const placeRejected = await call<{ errors: { path: string }[] }>(
      stack.url,
      'POST',
      `/api/events/${event.id}/finalize`,
      {
        token: olga,
        body: { timeOptionId: event.timeOptions[0]!.id, placeOptionId: event.placeOptions[0]!.id },
      },
    )
    expect(placeRejected.status).toBe(409)
    expect(placeRejected.json.errors.map((e) => e.path)).toEqual(['/body/placeOptionId'])
    const accepted = await call(stack.url, 'POST', `/api/events/${event.id}/finalize`, {
      token: olga,
      body: { timeOptionId: event.timeOptions[0]!.id, placeOptionId: event.placeOptions[1]!.id },
    })
    expect(accepted.status, accepted.text).toBe(200)
  })
})

describe('the events OpenAPI document', () => {
  it('describes the privacy settings, what public means and the finalize guard', async () => {
    // Test stacks serve it at /docs on the service (npm start and k8s: /api/events/docs behind the ingress).
    const doc = await stack.apps.events![0]!.inject({ url: '/docs/json' })
    expect(doc.statusCode).toBe(200)
    for (const words of [
      'hideResults',
      'hideNames',
      'listed in browse and search',
      'Finalize guard',
      'force: true',
    ])
      expect(doc.body, words).toContain(words)
  })
})
