/**
 * A small populated world, made through the public API: an organizer, a participant, an outsider, an
 * admin, a public and a private event of the organizer, and another user's private event with an
 * invite-link guest. The security suites point their requests at it.
 */
import { ObjectId } from 'mongodb'
import { expect, vi } from 'vitest'
import type { AccessClaims } from '@prost/platform'
import { signTestToken } from '@prost/platform/testing'
import { call, startIngressStack, type IngressStack } from '@prost/test-support'

export interface Person {
  id: string
  name: string
  email: string
  token: string
  refreshToken: string
}

export interface EventRef {
  id: string
  inviteToken: string
  timeOptionIds: string[]
  placeOptionIds: string[]
}

export interface World {
  url: string
  organizer: Person
  participant: Person
  outsider: Person
  admin: Person
  /** Invite-link guest of `othersEvent`, and its participant token. */
  guest: { id: string; token: string }
  publicEvent: EventRef
  privateEvent: EventRef
  othersEvent: EventRef
  tokens: {
    forged: string
    expired: string
    algNone: string
    forgedAdmin: string
    garbage: string
  }
}

/** The admin's email, to put in the accounts service's ADMIN_EMAILS before it starts. */
export const newAdminEmail = () => `admin.${new ObjectId().toHexString()}@prost.test`

const inDays = (days: number, hour = 19) => {
  const d = new Date(Date.now() + days * 86_400_000)
  d.setUTCHours(hour, 0, 0, 0)
  return d.toISOString()
}

async function register(url: string, label: string, fixedEmail?: string): Promise<Person> {
  const email = fixedEmail ?? `${label}.${new ObjectId().toHexString()}@prost.test`
  const name = label[0]!.toUpperCase() + label.slice(1)
  const res = await call<{ user: { id: string }; accessToken: string; refreshToken: string }>(
    url,
    'POST',
    '/api/auth/register',
    {
      body: { email, password: 'correct horse battery', displayName: name },
    },
  )
  expect(res.status, res.text).toBe(201)
  return {
    id: res.json.user.id,
    name,
    email,
    token: res.json.accessToken,
    refreshToken: res.json.refreshToken,
  }
}

async function createEvent(
  url: string,
  token: string,
  title: string,
  visibility: 'public' | 'private',
): Promise<EventRef> {
  const res = await call<{
    id: string
    inviteToken: string
    timeOptions: { id: string }[]
    placeOptions: { id: string }[]
  }>(url, 'POST', '/api/events', {
    token,
    body: {
      title,
      description: 'Seeded by the security suite',
      timeZone: 'Europe/Berlin',
      visibility,
      timeOptions: [{ startsAt: inDays(10) }, { startsAt: inDays(11) }],
      placeOptions: [{ name: 'Bierhaus' }, { name: 'Library', address: 'Main St 1' }],
    },
  })
  expect(res.status, res.text).toBe(201)
  return {
    id: res.json.id,
    inviteToken: res.json.inviteToken,
    timeOptionIds: res.json.timeOptions.map((o) => o.id),
    placeOptionIds: res.json.placeOptions.map((o) => o.id),
  }
}

/**
 * The stack the security suites attack, with budgets high enough that requests reach validation and
 * authorization instead of the limiter (rate-limits.test.ts covers the limiter; per-IP route limits
 * are avoided with a distinct X-Forwarded-For per request), and the world of people and events in it.
 */
export async function startSecurityWorld(
  readModelWaitMs: number,
): Promise<{ stack: IngressStack; world: World }> {
  const adminEmail = newAdminEmail()
  const stack = await startIngressStack({
    env: {
      '*': { RATE_LIMIT_MAX: '1000000' },
      accounts: { ADMIN_EMAILS: adminEmail },
      voting: { READ_MODEL_WAIT_MS: String(readModelWaitMs), BALLOT_RATE_LIMIT_MAX: '1000000' },
    },
  })
  try {
    return { stack, world: await buildWorld(stack, adminEmail) }
  } catch (error) {
    await stack.stop()
    throw error
  }
}

export async function buildWorld(stack: IngressStack, adminEmail: string): Promise<World> {
  const url = stack.url
  const [organizer, participant, outsider, admin] = [
    await register(url, 'organizer'),
    await register(url, 'participant'),
    await register(url, 'outsider'),
    await register(url, 'admin', adminEmail),
  ]
  const publicEvent = await createEvent(url, organizer.token, 'Public beer', 'public')
  const privateEvent = await createEvent(url, organizer.token, 'Private beer', 'private')
  const othersEvent = await createEvent(url, outsider.token, 'Outsider cinema', 'private')

  for (const event of [publicEvent, privateEvent]) {
    const joined = await call(url, 'POST', '/api/events/join', {
      token: participant.token,
      body: { inviteToken: event.inviteToken },
    })
    expect(joined.status, joined.text).toBe(200)
  }
  const guestJoin = await call<{ participant: { id: string }; participantToken: string }>(
    url,
    'POST',
    '/api/events/join',
    {
      body: { inviteToken: othersEvent.inviteToken, displayName: 'Guest Gina' },
    },
  )
  expect(guestJoin.status, guestJoin.text).toBe(200)
  const guest = { id: guestJoin.json.participant.id, token: guestJoin.json.participantToken }

  // Voting learns about events and participants from messages; wait until its read model has them,
  // then cast a ballot so the ballot collection is not empty.
  // (vi.waitFor, not expect.poll: this runs in a beforeAll hook.)
  const board = () => call(url, 'GET', `/api/votes/${privateEvent.id}`, { token: participant.token })
  await vi.waitFor(
    async () => expect((await board()).status, 'the voting read model to know the private event').toBe(200),
    { timeout: 15_000, interval: 100 },
  )
  await vi.waitFor(
    async () =>
      expect(JSON.stringify((await board()).json), 'the participant to show on the board').toContain(
        participant.id,
      ),
    { timeout: 15_000, interval: 100 },
  )
  const ballot = await call(url, 'PUT', `/api/votes/${privateEvent.id}`, {
    token: participant.token,
    body: {
      choices: { [privateEvent.timeOptionIds[0]!]: 'yes', [privateEvent.placeOptionIds[1]!]: 'maybe' },
    },
  })
  expect(ballot.status, ballot.text).toBe(200)
  const comment = await call(url, 'POST', `/api/events/${publicEvent.id}/comments`, {
    token: participant.token,
    body: { text: 'See you there' },
  })
  expect(comment.status, comment.text).toBe(201)

  const claims: AccessClaims = { sub: organizer.id, kind: 'user', role: 'user', name: organizer.name }
  return {
    url,
    organizer,
    participant,
    outsider,
    admin,
    guest,
    publicEvent,
    privateEvent,
    othersEvent,
    tokens: {
      forged: signTestToken(claims, { secret: 'not-the-secret-but-long-enough-0123456789' }),
      // Expired an hour ago.
      expired: signTestToken(claims, { expiresInSeconds: -3600 }),
      algNone: unsignedToken({ ...claims, role: 'admin' }),
      forgedAdmin: signTestToken(
        { ...claims, role: 'admin' },
        { secret: 'guessed-secret-guessed-secret-guessed-secret' },
      ),
      garbage: 'eyJhbGciOiJIUzI1NiJ9.not-json.sig',
    },
  }
}

/** An "alg": "none" token: claims with no signature, which a verifier must never accept. */
function unsignedToken(claims: AccessClaims) {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const iat = Math.floor(Date.now() / 1000)
  return `${part({ alg: 'none', typ: 'JWT' })}.${part({ iat, exp: iat + 900, ...claims })}.`
}
