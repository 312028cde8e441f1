/**
 * Who may call which mutating route: every mutating route of every service against every kind of
 * caller, through the real HAProxy, compared with one expected table; plus the live-board WebSocket
 * subscription for a private event.
 *
 * Rules the table encodes (services/events/src/events/access.ts, services/voting/src/access.ts):
 * a private event is invisible (404) to anyone who is not a member; members who may not change it
 * get 403; only its organizer edits, finalizes, cancels (an admin can see but not change it);
 * invite-link guests hold a token for one event only and cannot create events or edit profiles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startSecurityWorld, type World } from './world.js'
import { call, type IngressStack } from '@prost/test-support'

const ACTORS = [
  'none',
  'forged',
  'expired',
  'algNone',
  'other',
  'guest',
  'participant',
  'organizer',
  'admin',
] as const
type Actor = (typeof ACTORS)[number]

let stack: IngressStack
let world: World

beforeAll(async () => {
  ;({ stack, world } = await startSecurityWorld(300))
}, 120_000)

afterAll(async () => {
  await stack?.stop()
})

function tokenOf(actor: Actor): string | undefined {
  if (actor === 'none') return undefined
  if (actor === 'forged' || actor === 'expired' || actor === 'algNone') return world.tokens[actor]
  if (actor === 'other') return world.outsider.token
  return world[actor].token
}

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString()

/** A fresh private event of the organizer that the participant has joined. */
async function freshEvent(finalized = false) {
  const res = await call<{
    id: string
    inviteToken: string
    timeOptions: { id: string }[]
    placeOptions: { id: string }[]
  }>(stack.url, 'POST', '/api/events', {
    token: world.organizer.token,
    body: {
      title: 'Matrix',
      timeZone: 'UTC',
      visibility: 'private',
      timeOptions: [{ startsAt: inDays(5) }, { startsAt: inDays(6) }],
      placeOptions: [{ name: 'A' }, { name: 'B' }],
    },
  })
  expect(res.status, res.text).toBe(201)
  // Invite + join by id (the invite-link route has its own 30/min budget per caller).
  const invited = await call(stack.url, 'POST', `/api/events/${res.json.id}/invitations`, {
    token: world.organizer.token,
    body: { userId: world.participant.id, name: world.participant.name },
  })
  expect(invited.status, invited.text).toBe(200)
  const joined = await call(stack.url, 'POST', `/api/events/${res.json.id}/join`, {
    token: world.participant.token,
  })
  expect(joined.status, joined.text).toBe(200)
  const e = {
    id: res.json.id,
    t: res.json.timeOptions.map((o) => o.id),
    p: res.json.placeOptions.map((o) => o.id),
  }
  if (finalized) {
    const f = await call(stack.url, 'POST', `/api/events/${e.id}/finalize`, {
      token: world.organizer.token,
      body: { timeOptionId: e.t[0], placeOptionId: e.p[0] },
    })
    expect(f.status, f.text).toBe(200)
  }
  return e
}

const PNG_1x1 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const multipartPng = () => {
  const boundary = 'matrixboundary'
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      PNG_1x1,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  }
}

type Expect = Record<Actor, number>
const AUTH_FAIL = { none: 401, forged: 401, expired: 401, algNone: 401 }
/** Organizer-only routes on a private event. */
const ORGANIZER_ONLY = (ok: number): Expect => ({
  ...AUTH_FAIL,
  other: 404,
  guest: 404,
  participant: 403,
  organizer: ok,
  admin: 403,
})

interface Case {
  route: string
  expect: Expect
  /** Builds the request for one actor (fresh state where a success would change it). */
  run: (actor: Actor) => Promise<number>
}

const send = async (method: string, path: string, actor: Actor, body?: unknown) =>
  (await call(stack.url, method, path, { token: tokenOf(actor), body })).status

type Ev = Awaited<ReturnType<typeof freshEvent>>
const shared: Partial<Record<'polling' | 'finalized', Ev>> = {}
/**
 * A fresh event where the call may succeed (the organizer); callers who must be refused share one
 * event per state, which their refused calls cannot change (and a wrong success shows in the table).
 */
async function eventFor(actor: Actor, finalized: boolean): Promise<Ev> {
  if (actor === 'organizer') return freshEvent(finalized)
  const key = finalized ? 'finalized' : 'polling'
  return (shared[key] ??= await freshEvent(finalized))
}

function eventCase(
  route: string,
  ok: number,
  build: (e: Awaited<ReturnType<typeof freshEvent>>) => [string, string, unknown?],
  finalized = false,
): Case {
  return {
    route,
    expect: ORGANIZER_ONLY(ok),
    run: async (actor) => {
      const e = await eventFor(actor, finalized)
      const [method, path, body] = build(e)
      return send(method, path, actor, body)
    },
  }
}

function cases(): Case[] {
  const victim = world.outsider // enabled again right after each disable
  return [
    {
      route: 'PATCH /api/auth/me',
      expect: { ...AUTH_FAIL, other: 200, guest: 403, participant: 200, organizer: 200, admin: 200 },
      run: (a) => send('PATCH', '/api/auth/me', a, { language: 'en' }),
    },
    {
      route: 'POST /api/auth/admin/users/:id/disable',
      expect: { ...AUTH_FAIL, other: 403, guest: 403, participant: 403, organizer: 403, admin: 200 },
      run: async (a) => {
        const status = await send('POST', `/api/auth/admin/users/${world.participant.id}/disable`, a)
        if (status === 200)
          await send('POST', `/api/auth/admin/users/${world.participant.id}/enable`, 'admin')
        return status
      },
    },
    {
      route: 'POST /api/auth/admin/users/:id/enable',
      expect: { ...AUTH_FAIL, other: 403, guest: 403, participant: 403, organizer: 403, admin: 200 },
      run: (a) => send('POST', `/api/auth/admin/users/${victim.id}/enable`, a),
    },
    {
      route: 'POST /api/events',
      expect: { ...AUTH_FAIL, other: 201, guest: 403, participant: 201, organizer: 201, admin: 201 },
      run: (a) =>
        send('POST', '/api/events', a, { title: 'x', timeZone: 'UTC', timeOptions: [], placeOptions: [] }),
    },
    eventCase('PATCH /api/events/:id', 200, (e) => ['PATCH', `/api/events/${e.id}`, { title: 'Changed' }]),
    eventCase('POST /api/events/:id/time-options', 201, (e) => [
      'POST',
      `/api/events/${e.id}/time-options`,
      { startsAt: inDays(9) },
    ]),
    eventCase('PUT /api/events/:id/time-options/:o', 200, (e) => [
      'PUT',
      `/api/events/${e.id}/time-options/${e.t[0]}`,
      { startsAt: inDays(9) },
    ]),
    eventCase('DELETE /api/events/:id/time-options/:o', 200, (e) => [
      'DELETE',
      `/api/events/${e.id}/time-options/${e.t[1]}`,
    ]),
    eventCase('POST /api/events/:id/place-options', 201, (e) => [
      'POST',
      `/api/events/${e.id}/place-options`,
      { name: 'C' },
    ]),
    eventCase('PUT /api/events/:id/place-options/:o', 200, (e) => [
      'PUT',
      `/api/events/${e.id}/place-options/${e.p[0]}`,
      { name: 'A2' },
    ]),
    eventCase('DELETE /api/events/:id/place-options/:o', 200, (e) => [
      'DELETE',
      `/api/events/${e.id}/place-options/${e.p[1]}`,
    ]),
    eventCase('POST /api/events/:id/finalize', 200, (e) => [
      'POST',
      `/api/events/${e.id}/finalize`,
      { timeOptionId: e.t[0], placeOptionId: e.p[0] },
    ]),
    eventCase(
      'POST /api/events/:id/reschedule',
      200,
      (e) => ['POST', `/api/events/${e.id}/reschedule`, { timeOptionId: e.t[1], placeOptionId: e.p[1] }],
      true,
    ),
    eventCase('POST /api/events/:id/cancel', 200, (e) => ['POST', `/api/events/${e.id}/cancel`]),
    eventCase('POST /api/events/:id/invitations', 200, (e) => [
      'POST',
      `/api/events/${e.id}/invitations`,
      { userId: world.outsider.id, name: 'Outsider' },
    ]),
    eventCase('POST /api/events/:id/invite-link', 200, (e) => ['POST', `/api/events/${e.id}/invite-link`]),
    eventCase('DELETE /api/events/:id/cover', 200, (e) => ['DELETE', `/api/events/${e.id}/cover`]),
    {
      route: 'PUT /api/events/:id/cover',
      expect: ORGANIZER_ONLY(200),
      run: async (a) => {
        const e = await eventFor(a, false)
        const { contentType, body } = multipartPng()
        const token = tokenOf(a)
        const res = await fetch(`${stack.url}/api/events/${e.id}/cover`, {
          method: 'PUT',
          headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body,
        })
        await res.arrayBuffer()
        return res.status
      },
    },
    {
      route: 'POST /api/events/:id/comments',
      expect: { ...AUTH_FAIL, other: 404, guest: 404, participant: 201, organizer: 201, admin: 403 },
      run: async (a) => send('POST', `/api/events/${world.privateEvent.id}/comments`, a, { text: 'hi' }),
    },
    {
      route: 'POST /api/events/:id/join (private)',
      // Guests need an account first (403 before visibility). A participant who came in by the invite
      // link but was never invited by name gets 403 here too: joining by id is for invitees.
      expect: { ...AUTH_FAIL, other: 404, guest: 403, participant: 403, organizer: 200, admin: 403 },
      run: (a) => send('POST', `/api/events/${world.privateEvent.id}/join`, a),
    },
    {
      route: 'POST /api/events/join (invite link of a private event)',
      // Anyone holding the link may join, with no account too (as a guest): that is what the link is
      // for. A token that is sent must be valid, though.
      expect: {
        ...AUTH_FAIL,
        none: 200,
        other: 200,
        guest: 200,
        participant: 200,
        organizer: 200,
        admin: 200,
      },
      run: (a) =>
        send('POST', '/api/events/join', a, {
          inviteToken: world.othersEvent.inviteToken,
          displayName: 'Joiner',
        }),
    },
    {
      route: 'PUT /api/votes/:eventId (private)',
      expect: { ...AUTH_FAIL, other: 404, guest: 404, participant: 200, organizer: 200, admin: 404 },
      run: (a) =>
        send('PUT', `/api/votes/${world.privateEvent.id}`, a, {
          choices: { [world.privateEvent.timeOptionIds[1]!]: 'maybe' },
        }),
    },
    {
      route: 'POST /api/telegram/link',
      expect: { ...AUTH_FAIL, other: 200, guest: 200, participant: 200, organizer: 200, admin: 200 },
      run: (a) => send('POST', '/api/telegram/link', a),
    },
    {
      route: 'DELETE /api/telegram/link',
      expect: { ...AUTH_FAIL, other: 204, guest: 204, participant: 204, organizer: 204, admin: 204 },
      run: (a) => send('DELETE', '/api/telegram/link', a),
    },
  ]
}

describe('authorization matrix through the ingress', () => {
  it('gives every caller the expected answer on every mutating route', { timeout: 120_000 }, async () => {
    // The organizer is a participant of the private event too (voting needs it in its read model).
    await expect
      .poll(
        async () =>
          (
            await call(stack.url, 'GET', `/api/votes/${world.privateEvent.id}`, {
              token: world.organizer.token,
            })
          ).status,
        { timeout: 15_000, message: 'the board of the private event' },
      )
      .toBe(200)
    const mismatches: string[] = []
    const rows: string[] = [`| route | ${ACTORS.join(' | ')} |`]
    for (const c of cases()) {
      const got: string[] = []
      const started = Date.now()
      for (const actor of ACTORS) {
        const t0 = Date.now()
        const status = await c.run(actor)
        if (Date.now() - t0 > 2000)
          console.log(`[authorization-matrix] slow: ${c.route} as ${actor} took ${Date.now() - t0} ms`)
        got.push(status === c.expect[actor] ? String(status) : `**${status}** (want ${c.expect[actor]})`)
        if (status !== c.expect[actor])
          mismatches.push(`${c.route} as ${actor}: ${status}, expected ${c.expect[actor]}`)
        expect(status, `${c.route} as ${actor}`).toBeLessThan(500)
      }
      rows.push(`| ${c.route} | ${got.join(' | ')} | ${Date.now() - started} ms`)
    }
    console.log(`[authorization-matrix]\n${rows.join('\n')}`)
    expect(mismatches).toEqual([])
  })

  it(
    'subscribes to a private event board over /ws only for its participants',
    { timeout: 60_000 },
    async () => {
      const wsBase = stack.url.replace('http://', 'ws://')
      const expected: Record<Actor, string> = {
        none: 'not-found',
        forged: 'unauthenticated',
        expired: 'unauthenticated',
        algNone: 'unauthenticated',
        other: 'not-found',
        guest: 'not-found',
        participant: 'snapshot',
        organizer: 'snapshot',
        admin: 'not-found',
      }
      const got: Record<string, string> = {}
      for (const actor of ACTORS) {
        const ws = new WebSocket(`${wsBase}/ws`)
        const first = new Promise<{ type: string; code?: string; board?: unknown }>((resolve, reject) => {
          ws.once('message', (data) => resolve(JSON.parse(String(data))))
          ws.once('error', reject)
          setTimeout(() => reject(new Error('no answer')), 10_000)
        })
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
        const token = tokenOf(actor)
        ws.send(
          JSON.stringify({ type: 'subscribe', eventId: world.privateEvent.id, ...(token ? { token } : {}) }),
        )
        const message = await first
        got[actor] = message.type === 'error' ? message.code! : message.type
        if (message.type === 'snapshot')
          expect(JSON.stringify(message.board)).toContain(world.participant.name)
        else expect(JSON.stringify(message)).not.toContain(world.participant.name)
        ws.close()
      }
      console.log(`[authorization-matrix] /ws subscribe to a private event: ${JSON.stringify(got)}`)
      expect(got).toEqual(expected)
    },
  )
})

describe('privacy settings and the forced finalize (issue 16)', () => {
  const privacyCases = (): Case[] => [
    eventCase('PATCH /api/events/:id (hideResults, hideNames)', 200, (e) => [
      'PATCH',
      `/api/events/${e.id}`,
      { hideResults: true, hideNames: true },
    ]),
    eventCase('POST /api/events/:id/finalize (force)', 200, (e) => [
      'POST',
      `/api/events/${e.id}/finalize`,
      { timeOptionId: e.t[0], placeOptionId: e.p[0], force: true },
    ]),
  ]

  it('lets only the organizer change vote privacy or force a finalize', { timeout: 60_000 }, async () => {
    const mismatches: string[] = []
    for (const c of privacyCases())
      for (const actor of ACTORS) {
        const status = await c.run(actor)
        if (status !== c.expect[actor])
          mismatches.push(`${c.route} as ${actor}: ${status}, expected ${c.expect[actor]}`)
      }
    expect(mismatches).toEqual([])
  })

  it('shapes the board of a hideResults event per caller', { timeout: 60_000 }, async () => {
    const e = await freshEvent()
    const patched = await call(stack.url, 'PATCH', `/api/events/${e.id}`, {
      token: world.organizer.token,
      body: { hideResults: true },
    })
    expect(patched.status, patched.text).toBe(200)
    const vote = await call(stack.url, 'PUT', `/api/votes/${e.id}`, {
      token: world.organizer.token,
      body: { choices: { [e.t[0]!]: 'yes' }, eventVersion: (patched.json as { version: number }).version },
    })
    expect(vote.status, vote.text).toBe(200)
    const expected: Record<Actor, string> = {
      ...{
        none: '404',
        forged: '401',
        expired: '401',
        algNone: '401',
        other: '404',
        guest: '404',
        admin: '404',
      },
      participant: 'results-hidden',
      organizer: 'full',
    }
    const got: Record<string, string> = {}
    for (const actor of ACTORS) {
      const res = await call<{ view: string }>(stack.url, 'GET', `/api/votes/${e.id}`, {
        token: tokenOf(actor),
      })
      got[actor] = res.status === 200 ? res.json.view : String(res.status)
    }
    expect(got).toEqual(expected)
  })
})

describe('authorization matrix: remove a participant and leave (issue 16)', () => {
  // A removed participant is a guest who came in by the link and was removed: the token still names them.
  const ACTORS_16 = [
    'none',
    'forged',
    'other',
    'guest',
    'participant',
    'removed',
    'organizer',
    'admin',
  ] as const
  type Actor16 = (typeof ACTORS_16)[number]

  async function joinAsGuest(inviteToken: string, displayName: string) {
    const joined = await call<{ participant: { id: string }; participantToken: string }>(
      stack.url,
      'POST',
      '/api/events/join',
      { body: { inviteToken, displayName } },
    )
    expect(joined.status, joined.text).toBe(200)
    return { id: joined.json.participant.id, token: joined.json.participantToken }
  }

  /** A fresh private event with the participant, a guest to remove, and a guest already removed. */
  async function eventWithRemoved() {
    const e = await freshEvent()
    const { inviteToken } = (
      await call<{ inviteToken: string }>(stack.url, 'GET', `/api/events/${e.id}`, {
        token: world.organizer.token,
      })
    ).json
    const victim = await joinAsGuest(inviteToken, 'Victim')
    const removed = await joinAsGuest(inviteToken, 'Removed')
    const gone = await call(stack.url, 'DELETE', `/api/events/${e.id}/participants/${removed.id}`, {
      token: world.organizer.token,
    })
    expect(gone.status, gone.text).toBe(200)
    return { ...e, victim, removed }
  }

  let shared16: Awaited<ReturnType<typeof eventWithRemoved>>
  const tokenOf16 = (actor: Actor16) => (actor === 'removed' ? shared16.removed.token : tokenOf(actor))

  it(
    'gives every caller the expected answer on DELETE participants/:participantId and POST leave',
    { timeout: 120_000 },
    async () => {
      shared16 = await eventWithRemoved()
      const table: {
        route: string
        expect: Record<Actor16, number>
        run: (a: Actor16) => Promise<number>
      }[] = [
        {
          route: 'DELETE /api/events/:id/participants/:participantId',
          expect: {
            none: 401,
            forged: 401,
            other: 404,
            guest: 404,
            participant: 403,
            removed: 404,
            organizer: 200,
            admin: 403,
          },
          run: async (a) => {
            // The organizer's success needs a victim of its own; the refused callers aim at the shared one.
            const e = a === 'organizer' ? await eventWithRemoved() : shared16
            const path = `/api/events/${e.id}/participants/${e.victim.id}`
            return (await call(stack.url, 'DELETE', path, { token: tokenOf16(a) })).status
          },
        },
        {
          route: 'POST /api/events/:id/leave',
          // The organizer is the last (only) organizer: 409. An admin may see the event but is not in it.
          expect: {
            none: 401,
            forged: 401,
            other: 404,
            guest: 404,
            participant: 200,
            removed: 404,
            organizer: 409,
            admin: 403,
          },
          run: async (a) => {
            const e = a === 'participant' ? await freshEvent() : shared16
            return (await call(stack.url, 'POST', `/api/events/${e.id}/leave`, { token: tokenOf16(a) }))
              .status
          },
        },
      ]
      const mismatches: string[] = []
      for (const row of table) {
        for (const actor of ACTORS_16) {
          const status = await row.run(actor)
          if (status !== row.expect[actor])
            mismatches.push(`${row.route} as ${actor}: ${status}, expected ${row.expect[actor]}`)
        }
      }
      expect(mismatches).toEqual([])
      // Nobody but the organizer removed anyone, and the participant who stayed is still in.
      const now = await call<{ participants: { id: string }[] }>(
        stack.url,
        'GET',
        `/api/events/${shared16.id}`,
        {
          token: world.organizer.token,
        },
      )
      expect(now.json.participants.map((p) => p.id)).toEqual(
        expect.arrayContaining([world.organizer.id, world.participant.id, shared16.victim.id]),
      )
    },
  )
})

/**
 * Issue 16, items 3, 5 and 6: participant options, duplicate, series and the calendar feed URL.
 * Routes that need a user account (duplicate, series, the feed) refuse an invite-link guest with 403
 * before they look at any event, as creating an event does. (A removed participant is P2's actor.)
 */
describe('authorization matrix through the ingress: participant options, repeat meetups, calendar feed', () => {
  const USER_ONLY = { ...AUTH_FAIL, guest: 403 }

  /** A fresh private event that lets participants propose options, joined by the participant. */
  async function proposingEvent() {
    const e = await freshEvent()
    const on = await call(stack.url, 'PATCH', `/api/events/${e.id}`, {
      token: world.organizer.token,
      body: { allowParticipantOptions: true },
    })
    expect(on.status, on.text).toBe(200)
    return e
  }

  /** A series of a fresh event (its participant invited), first poll far enough ahead not to be due. */
  async function freshSeries() {
    const e = await freshEvent()
    const first = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10)
    const res = await call<{ id: string }>(stack.url, 'POST', '/api/events/series', {
      token: world.organizer.token,
      body: { fromEventId: e.id, firstDate: first, time: '19:00' },
    })
    expect(res.status, res.text).toBe(201)
    return res.json.id
  }
  let sharedSeries: string | undefined

  function p3Cases(): Case[] {
    return [
      {
        route: 'POST /api/events/:id/time-options (participants may propose)',
        expect: { ...AUTH_FAIL, other: 404, guest: 404, participant: 201, organizer: 201, admin: 403 },
        run: async (a) =>
          send('POST', `/api/events/${(await proposingEvent()).id}/time-options`, a, {
            startsAt: inDays(12),
          }),
      },
      {
        route: 'POST /api/events/:id/place-options (participants may propose)',
        expect: { ...AUTH_FAIL, other: 404, guest: 404, participant: 201, organizer: 201, admin: 403 },
        run: async (a) =>
          send('POST', `/api/events/${(await proposingEvent()).id}/place-options`, a, { name: 'Proposed' }),
      },
      {
        route: "DELETE /api/events/:id/place-options/:o (the participant's own proposal)",
        expect: { ...AUTH_FAIL, other: 404, guest: 404, participant: 200, organizer: 200, admin: 403 },
        run: async (a) => {
          const e = await proposingEvent()
          const proposed = await call<{ placeOptions: { id: string }[] }>(
            stack.url,
            'POST',
            `/api/events/${e.id}/place-options`,
            { token: world.participant.token, body: { name: 'Mine' } },
          )
          expect(proposed.status, proposed.text).toBe(201)
          return send(
            'DELETE',
            `/api/events/${e.id}/place-options/${proposed.json.placeOptions.at(-1)!.id}`,
            a,
          )
        },
      },
      {
        route: 'POST /api/events/:id/duplicate',
        expect: { ...ORGANIZER_ONLY(201), guest: 403 },
        run: async (a) =>
          send('POST', `/api/events/${(await eventFor(a, false)).id}/duplicate`, a, { shiftWeeks: 1 }),
      },
      {
        route: 'POST /api/events/series',
        expect: { ...ORGANIZER_ONLY(201), guest: 403 },
        run: async (a) =>
          send('POST', '/api/events/series', a, {
            fromEventId: (await eventFor(a, false)).id,
            firstDate: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10),
            time: '19:00',
          }),
      },
      {
        route: 'POST /api/events/series/:id/stop',
        // The participant is invited by the series, so sees it but may not stop it.
        expect: { ...USER_ONLY, other: 404, participant: 403, organizer: 200, admin: 404 },
        run: async (a) => {
          const id = a === 'organizer' ? await freshSeries() : (sharedSeries ??= await freshSeries())
          return send('POST', `/api/events/series/${id}/stop`, a)
        },
      },
      {
        route: 'POST /api/events/calendar/feed/rotate',
        expect: { ...USER_ONLY, other: 200, participant: 200, organizer: 200, admin: 200 },
        run: (a) => send('POST', '/api/events/calendar/feed/rotate', a),
      },
    ]
  }

  it('gives every caller the expected answer on these routes', { timeout: 120_000 }, async () => {
    const mismatches: string[] = []
    for (const c of p3Cases()) {
      for (const actor of ACTORS) {
        const status = await c.run(actor)
        if (status !== c.expect[actor])
          mismatches.push(`${c.route} as ${actor}: ${status}, expected ${c.expect[actor]}`)
        expect(status, `${c.route} as ${actor}`).toBeLessThan(500)
      }
    }
    expect(mismatches).toEqual([])
  })

  it('serves the calendar feed to the token alone, through the ingress, and 404 once rotated', async () => {
    const feed = await call<{ httpsUrl: string }>(stack.url, 'GET', '/api/events/calendar/feed', {
      token: world.participant.token,
    })
    expect(feed.status, feed.text).toBe(200)
    const path = new URL(feed.json.httpsUrl).pathname
    const ics = await fetch(`${stack.url}${path}`)
    expect(ics.status).toBe(200)
    expect(ics.headers.get('content-type')).toContain('text/calendar')
    expect(await ics.text()).toContain('BEGIN:VCALENDAR')
    const rotated = await call(stack.url, 'POST', '/api/events/calendar/feed/rotate', {
      token: world.participant.token,
    })
    expect(rotated.status).toBe(200)
    const old = await fetch(`${stack.url}${path}`)
    expect(old.status).toBe(404)
    expect(old.headers.get('content-type')).toContain('application/problem+json')
  })
})
