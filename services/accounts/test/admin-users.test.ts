import { describe, expect, it } from 'vitest'
import type { AuthSession, User, UserPage } from '@prost/contracts'
import { build, call, login, newEmail, PASSWORD, refresh, registerUser } from './helper.js'

const adminEmail = newEmail('admin')
const app = await build({ ADMIN_EMAILS: ` other-admin@example.com , ${adminEmail.toUpperCase()} ` })
const admin = await registerUser(app, { email: adminEmail, displayName: 'Admin' })
const adminToken = admin.session.accessToken

/** A call with the admin's token, or with `token` to see who else may make it. */
const asAdmin = (method: 'GET' | 'POST', url: string, token = adminToken) =>
  call(app, method, url, undefined, { token })
/** Disables or enables the user `id`. */
const turn = (action: 'disable' | 'enable', id: string, token = adminToken) =>
  asAdmin('POST', `/api/auth/admin/users/${id}/${action}`, token)

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
      const res = await asAdmin('GET', `/api/auth/admin/users${query}`)
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
    const bad = await asAdmin('GET', '/api/auth/admin/users?cursor=abc')
    expect(bad.statusCode).toBe(400)
    const big = await asAdmin('GET', '/api/auth/admin/users?limit=1000')
    expect(big.statusCode).toBe(400)
  })

  it('is for admins only', async () => {
    const { session } = await registerUser(app)
    const res = await asAdmin('GET', '/api/auth/admin/users', session.accessToken)
    expect(res.statusCode).toBe(403)
    expect((await call(app, 'GET', '/api/auth/admin/users')).statusCode).toBe(401)
  })
})

describe('POST /api/auth/admin/users/:id/disable and /enable', () => {
  it('stops a disabled user from logging in and refreshing, until enabled again', async () => {
    const victim = await registerUser(app, { displayName: 'Victim' })
    const laterSession = (await login(app, victim.email, PASSWORD)).json<AuthSession>()

    const disabled = await turn('disable', victim.session.user.id)
    expect(disabled.statusCode).toBe(200)
    expect(disabled.json<User>()).toMatchObject({ id: victim.session.user.id, disabled: true })

    const refused = await login(app, victim.email, PASSWORD)
    expect(refused.statusCode).toBe(403)
    expect(refused.json().detail).toBe('This account has been disabled')
    expect((await refresh(app, victim.session.refreshToken)).statusCode).toBe(401)
    expect((await refresh(app, laterSession.refreshToken)).statusCode).toBe(401)

    // Disabled users are no longer offered for invitations.
    const search = await asAdmin('GET', '/api/auth/users?q=victim')
    expect(search.json().items).toEqual([])

    const enabled = await turn('enable', victim.session.user.id)
    expect(enabled.statusCode).toBe(200)
    expect(enabled.json<User>().disabled).toBe(false)
    expect((await login(app, victim.email, PASSWORD)).statusCode).toBe(200)
    // Sessions ended by the disable stay ended.
    expect((await refresh(app, laterSession.refreshToken)).statusCode).toBe(401)
  })

  it('treats disabling or enabling twice as harmless', async () => {
    const { session } = await registerUser(app)
    for (const action of ['disable', 'disable', 'enable', 'enable'] as const) {
      expect((await turn(action, session.user.id)).statusCode).toBe(200)
    }
  })

  it('answers 404 for an unknown id, 400 for a malformed one, 409 for disabling oneself', async () => {
    expect((await turn('disable', '0123456789abcdef01234567')).statusCode).toBe(404)
    expect((await turn('disable', 'not-an-id')).statusCode).toBe(400)
    expect((await turn('disable', admin.session.user.id)).statusCode).toBe(409)
  })

  it('is for admins only', async () => {
    const victim = await registerUser(app)
    const user = await registerUser(app)
    const res = await turn('disable', victim.session.user.id, user.session.accessToken)
    expect(res.statusCode).toBe(403)
    expect((await login(app, victim.email, PASSWORD)).statusCode).toBe(200)
  })
})
