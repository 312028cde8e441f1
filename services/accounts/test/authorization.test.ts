/** Every mutating route (and the private reads) against each kind of caller. */
import { describe, expect, it } from 'vitest'
import type { LightMyRequestResponse } from 'fastify'
import type { AccessClaims } from '@prost/platform'
import { signTestToken } from '@prost/platform/testing'
import { build, call, newEmail, PASSWORD, registerUser } from './helper.js'

const adminEmail = newEmail('admin')
const app = await build({ ADMIN_EMAILS: adminEmail })
const admin = await registerUser(app, { email: adminEmail })
const user = await registerUser(app)
const now = Math.floor(Date.now() / 1000)
const userClaims = {
  sub: user.session.user.id,
  kind: 'user',
  role: 'user',
  name: 'Test User',
} satisfies AccessClaims

const callers = {
  'no token': undefined,
  'forged token': signTestToken(
    { ...userClaims, role: 'admin' },
    { expiresInSeconds: 600, secret: 'a-secret-we-do-not-use-0123456789abcdef' },
  ),
  // Signed with the right secret, expired a minute ago.
  'expired token': signTestToken(userClaims, { expiresInSeconds: -60 }),
  user: user.session.accessToken,
  admin: admin.session.accessToken,
} as const
type Caller = keyof typeof callers

interface RouteCase {
  name: string
  /** Builds the request fresh for each caller (tokens are single use). */
  send: (token: string | undefined) => Promise<LightMyRequestResponse>
  expected: Record<Caller, number>
}

const publicRoute = (status: number): Record<Caller, number> => ({
  'no token': status,
  'forged token': status,
  'expired token': status,
  user: status,
  admin: status,
})
const signedIn = { 'no token': 401, 'forged token': 401, 'expired token': 401, user: 200, admin: 200 }
const adminOnly = { 'no token': 401, 'forged token': 401, 'expired token': 401, user: 403, admin: 200 }

const routes: RouteCase[] = [
  {
    name: 'POST /register',
    send: (token) =>
      call(
        app,
        'POST',
        '/api/auth/register',
        { email: newEmail(), password: PASSWORD, displayName: 'New' },
        { token },
      ),
    expected: publicRoute(201),
  },
  {
    name: 'POST /login',
    send: (token) =>
      call(app, 'POST', '/api/auth/login', { email: user.email, password: PASSWORD }, { token }),
    expected: publicRoute(200),
  },
  {
    name: 'POST /refresh',
    send: async (token) => {
      const { session } = await registerUser(app)
      return call(app, 'POST', '/api/auth/refresh', { refreshToken: session.refreshToken }, { token })
    },
    expected: publicRoute(200),
  },
  {
    name: 'POST /logout',
    send: async (token) => {
      const { session } = await registerUser(app)
      return call(app, 'POST', '/api/auth/logout', { refreshToken: session.refreshToken }, { token })
    },
    expected: publicRoute(204),
  },
  {
    name: 'POST /telegram (not configured here)',
    send: (token) =>
      call(
        app,
        'POST',
        '/api/auth/telegram',
        { id: 1, first_name: 'T', auth_date: now, hash: 'a'.repeat(64) },
        { token },
      ),
    expected: publicRoute(404),
  },
  {
    name: 'PATCH /me',
    send: (token) => call(app, 'PATCH', '/api/auth/me', { language: 'ru' }, { token }),
    expected: signedIn,
  },
  {
    name: 'GET /me',
    send: (token) => call(app, 'GET', '/api/auth/me', undefined, { token }),
    expected: signedIn,
  },
  {
    name: 'GET /users',
    send: (token) => call(app, 'GET', '/api/auth/users?q=test', undefined, { token }),
    expected: signedIn,
  },
  {
    name: 'GET /admin/users',
    send: (token) => call(app, 'GET', '/api/auth/admin/users', undefined, { token }),
    expected: adminOnly,
  },
  ...(['disable', 'enable'] as const).map((action) => ({
    name: `POST /admin/users/:id/${action}`,
    send: async (token: string | undefined) => {
      const victim = await registerUser(app)
      return call(app, 'POST', `/api/auth/admin/users/${victim.session.user.id}/${action}`, undefined, {
        token,
      })
    },
    expected: adminOnly,
  })),
]

describe('authorization matrix', () => {
  for (const route of routes) {
    it(`${route.name}: ${JSON.stringify(route.expected)}`, async () => {
      const actual: Record<string, number> = {}
      for (const [caller, token] of Object.entries(callers))
        actual[caller] = (await route.send(token)).statusCode
      expect(actual).toEqual(route.expected)
    })
  }

  it('explains why a token was refused', async () => {
    const expired = await call(app, 'GET', '/api/auth/me', undefined, { token: callers['expired token'] })
    expect(expired.json().detail).toBe('Your session has expired; sign in again')
    const forged = await call(app, 'GET', '/api/auth/me', undefined, { token: callers['forged token'] })
    expect(forged.json().detail).toBe('The access token is not valid')
  })

  it('refuses invite-link participant tokens on routes for registered users', async () => {
    const participant = signTestToken(
      { sub: 'guest-1', kind: 'participant', eventId: 'e1', name: 'Guest' },
      { expiresInSeconds: 600 },
    )
    expect(
      (await call(app, 'PATCH', '/api/auth/me', { language: 'ru' }, { token: participant })).statusCode,
    ).toBe(403)
    expect(
      (await call(app, 'GET', '/api/auth/users?q=a', undefined, { token: participant })).statusCode,
    ).toBe(403)
    expect(
      (await call(app, 'GET', '/api/auth/admin/users', undefined, { token: participant })).statusCode,
    ).toBe(403)
  })
})
