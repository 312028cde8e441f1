import { describe, expect, it } from 'vitest'
import type { AuthSession, User, UserPage } from '@prost/contracts'
import { build, call, login, newEmail, PASSWORD, refresh, registerUser } from './helper.js'

const adminEmail = newEmail('admin')
const app = await build({ ADMIN_EMAILS: ` other-admin@example.com , ${adminEmail.toUpperCase()} ` })
const admin = await registerUser(app, { email: adminEmail, displayName: 'Admin' })
const adminToken = admin.session.accessToken

describe('admin role', () => {
  it('goes to accounts whose email is listed in ADMIN_EMAILS', async () => {
    expect(admin.session.user.role).toBe('admin')
    const again = (await login(app, adminEmail, PASSWORD)).json<AuthSession>()
    expect(again.user.role).toBe('admin')
    const { session } = await registerUser(app)
    expect(session.user.role).toBe('user')
  })
})

describe('GET /api/auth/admin/users', () => {
  it('pages through every user with a cursor', async () => {
    const created = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => registerUser(app, { displayName: `Pager ${n}` })),
    )
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const query: string = cursor ? `?limit=2&cursor=${cursor}` : '?limit=2'
      const res = await call(app, 'GET', `/api/auth/admin/users${query}`, undefined, { token: adminToken })
      expect(res.statusCode).toBe(200)
      const page = res.json<UserPage>()
      expect(page.items.length).toBeLessThanOrEqual(2)
      seen.push(...page.items.map((u) => u.id))
      cursor = page.nextCursor
      pages++
    } while (cursor && pages < 100)
    expect(new Set(seen).size).toBe(seen.length)
    for (const { session } of created) expect(seen).toContain(session.user.id)
    expect(seen).toContain(admin.session.user.id)
  })

  it('refuses a cursor it did not give out and an out-of-range limit', async () => {
    const bad = await call(app, 'GET', '/api/auth/admin/users?cursor=abc', undefined, { token: adminToken })
    expect(bad.statusCode).toBe(400)
    const big = await call(app, 'GET', '/api/auth/admin/users?limit=1000', undefined, { token: adminToken })
    expect(big.statusCode).toBe(400)
  })

  it('is for admins only', async () => {
    const { session } = await registerUser(app)
    const res = await call(app, 'GET', '/api/auth/admin/users', undefined, { token: session.accessToken })
    expect(res.statusCode).toBe(403)
    expect((await call(app, 'GET', '/api/auth/admin/users')).statusCode).toBe(401)
  })
})

describe('POST /api/auth/admin/users/:id/disable and /enable', () => {
  it('stops a disabled user from logging in and refreshing, until enabled again', async () => {
    const victim = await registerUser(app, { displayName: 'Victim' })
    const laterSession = (await login(app, victim.email, PASSWORD)).json<AuthSession>()

    const disabled = await call(
      app,
      'POST',
      `/api/auth/admin/users/${victim.session.user.id}/disable`,
      undefined,
      {
        token: adminToken,
      },
    )
    expect(disabled.statusCode).toBe(200)
    expect(disabled.json<User>()).toMatchObject({ id: victim.session.user.id, disabled: true })

    const refused = await login(app, victim.email, PASSWORD)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().detail).toBe('This account has been disabled')
    expect((await refresh(app, victim.session.refreshToken)).statusCode).toBe(401)
    expect((await refresh(app, laterSession.refreshToken)).statusCode).toBe(401)

    // Disabled users are no longer offered for invitations.
    const search = await call(app, 'GET', '/api/auth/users?q=victim', undefined, { token: adminToken })
    expect(search.json().items).toEqual([])

    const enabled = await call(
      app,
      'POST',
      `/api/auth/admin/users/${victim.session.user.id}/enable`,
      undefined,
      {
        token: adminToken,
      },
    )
    expect(enabled.statusCode).toBe(200)
    expect(enabled.json<User>().disabled).toBe(false)
    expect((await login(app, victim.email, PASSWORD)).statusCode).toBe(200)
    // Sessions ended by the disable stay ended.
    expect((await refresh(app, laterSession.refreshToken)).statusCode).toBe(401)
  })

  it('treats disabling or enabling twice as harmless', async () => {
    const { session } = await registerUser(app)
    const url = (action: string) => `/api/auth/admin/users/${session.user.id}/${action}`
    for (const action of ['disable', 'disable', 'enable', 'enable']) {
      expect((await call(app, 'POST', url(action), undefined, { token: adminToken })).statusCode).toBe(200)
    }
  })

  it('answers 404 for an unknown id, 400 for a malformed one, 409 for disabling oneself', async () => {
    const unknown = await call(
      app,
      'POST',
      '/api/auth/admin/users/0123456789abcdef01234567/disable',
      undefined,
      {
        token: adminToken,
      },
    )
    expect(unknown.statusCode).toBe(404)
    const malformed = await call(app, 'POST', '/api/auth/admin/users/not-an-id/disable', undefined, {
      token: adminToken,
    })
    expect(malformed.statusCode).toBe(400)
    const self = await call(
      app,
      'POST',
      `/api/auth/admin/users/${admin.session.user.id}/disable`,
      undefined,
      {
        token: adminToken,
      },
    )
    expect(self.statusCode).toBe(409)
  })

  it('is for admins only', async () => {
    const victim = await registerUser(app)
    const user = await registerUser(app)
    const res = await call(
      app,
      'POST',
      `/api/auth/admin/users/${victim.session.user.id}/disable`,
      undefined,
      {
        token: user.session.accessToken,
      },
    )
    expect(res.statusCode).toBe(403)
    expect((await login(app, victim.email, PASSWORD)).statusCode).toBe(200)
  })
})
