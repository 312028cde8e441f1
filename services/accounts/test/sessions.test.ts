import { describe, expect, it } from 'vitest'
import type { AuthSession, User } from '@prost/contracts'
import {
  build,
  call,
  decodeJwt,
  login,
  newEmail,
  PASSWORD,
  randomIp,
  refresh,
  registerUser,
  stableProblem,
} from './helper.js'

const app = await build()

describe('POST /api/auth/register', () => {
  it('creates an account and signs it in', async () => {
    const email = newEmail('Ada')
    const res = await call(app, 'POST', '/api/auth/register', {
      email: ` ${email.toUpperCase()}`.trim(),
      password: PASSWORD,
      displayName: '  Ada   Lovelace ',
      timeZone: 'europe/berlin',
      language: 'ru',
    })
    expect(res.statusCode).toBe(201)
    const session = res.json<AuthSession>()
    expect(session.user).toMatchObject({
      email: email.toLowerCase(),
      displayName: 'Ada Lovelace',
      role: 'user',
      timeZone: 'Europe/Berlin',
      language: 'ru',
      disabled: false,
    })
    expect(session.user.id).toMatch(/^[0-9a-f]{24}$/)
    expect(session.accessTokenExpiresIn).toBe(900)
    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(decodeJwt(session.accessToken)).toMatchObject({
      sub: session.user.id,
      kind: 'user',
      role: 'user',
      name: 'Ada Lovelace',
    })
    expect(res.body).not.toContain(PASSWORD)
  })

  it('defaults the time zone to UTC and the language to en', async () => {
    const { session } = await registerUser(app)
    expect(session.user).toMatchObject({ timeZone: 'UTC', language: 'en' })
  })

  it('refuses a second account with the same email, in any case', async () => {
    const { email } = await registerUser(app)
    const res = await call(app, 'POST', '/api/auth/register', {
      email: email.toUpperCase(),
      password: PASSWORD,
      displayName: 'Copy',
    })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toMatchObject({
      type: 'https://prost.dev/problems/already-exists',
      detail: 'An account with this email already exists',
    })
  })

  it('refuses an unknown time zone, a short password, a blank name and an unknown language', async () => {
    const base = { email: newEmail(), password: PASSWORD, displayName: 'Bo' }
    for (const [change, path] of [
      [{ timeZone: 'Mars/Olympus' }, '/body/timeZone'],
      [{ password: 'short' }, '/body/password'],
      [{ displayName: '   ' }, '/body/displayName'],
      [{ language: 'de' }, '/body/language'],
      [{ email: 'not-an-email' }, '/body/email'],
    ] as const) {
      const res = await call(app, 'POST', '/api/auth/register', { ...base, ...change })
      expect(res.statusCode, JSON.stringify(change)).toBe(400)
      expect(res.json().errors[0].path).toBe(path)
    }
  })

  it('refuses unknown fields, such as a role', async () => {
    const res = await call(app, 'POST', '/api/auth/register', {
      email: newEmail(),
      password: PASSWORD,
      displayName: 'Mallory',
      role: 'admin',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().errors).toEqual([{ path: '/body/role', message: 'is not a known field' }])
  })
})

describe('POST /api/auth/login', () => {
  it('signs in with the right password, whatever the case of the email', async () => {
    const { email, session } = await registerUser(app)
    const res = await login(app, email.toUpperCase(), PASSWORD)
    expect(res.statusCode).toBe(200)
    const again = res.json<AuthSession>()
    expect(again.user.id).toBe(session.user.id)
    expect(again.refreshToken).not.toBe(session.refreshToken)
  })

  it('gives the same 401 for a wrong password and an unknown email', async () => {
    const { email } = await registerUser(app)
    const wrongPassword = await login(app, email, 'not the password')
    const unknownEmail = await login(app, newEmail('nobody'), 'not the password')
    expect(wrongPassword.statusCode).toBe(401)
    expect(unknownEmail.statusCode).toBe(401)
    expect(stableProblem(wrongPassword)).toEqual(stableProblem(unknownEmail))
    expect(stableProblem(wrongPassword)).toMatchObject({
      type: 'https://prost.dev/problems/unauthenticated',
      detail: 'The email or password is wrong',
    })
  })

  it('rejects Mongo operators where strings belong', async () => {
    for (const url of ['/api/auth/login', '/api/auth/register']) {
      const res = await call(app, 'POST', url, {
        email: { $gt: '' },
        password: { $gt: '' },
        displayName: 'x',
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().type).toBe('https://prost.dev/problems/validation')
    }
    const refreshRes = await call(app, 'POST', '/api/auth/refresh', { refreshToken: { $ne: null } })
    expect(refreshRes.statusCode).toBe(400)
  })

  it('rejects unknown fields', async () => {
    const { email } = await registerUser(app)
    const res = await call(app, 'POST', '/api/auth/login', { email, password: PASSWORD, remember: true })
    expect(res.statusCode).toBe(400)
  })

  it('refuses a 10 MB body with 413', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: randomIp(),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(10 * 1024 * 1024) }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json().type).toBe('https://prost.dev/problems/payload-too-large')
  })
})

describe('GET /api/auth/me', () => {
  it('returns the signed-in user', async () => {
    const { session, email } = await registerUser(app, { displayName: 'Grace Hopper' })
    const res = await call(app, 'GET', '/api/auth/me', undefined, { token: session.accessToken })
    expect(res.statusCode).toBe(200)
    expect(res.json<User>()).toEqual({ ...session.user, email })
  })
})

describe('POST /api/auth/refresh and /api/auth/logout', () => {
  it('rotates: each refresh token works once and yields a new one', async () => {
    const { email } = await registerUser(app)
    const first = (await login(app, email, PASSWORD)).json<AuthSession>()
    const second = await refresh(app, first.refreshToken)
    expect(second.statusCode).toBe(200)
    const secondSession = second.json<AuthSession>()
    expect(secondSession.refreshToken).not.toBe(first.refreshToken)
    expect(secondSession.user.id).toBe(first.user.id)
    const me = await call(app, 'GET', '/api/auth/me', undefined, { token: secondSession.accessToken })
    expect(me.statusCode).toBe(200)

    const third = await refresh(app, secondSession.refreshToken)
    expect(third.statusCode).toBe(200)
  })

  it('revokes the whole family when an old refresh token is used again', async () => {
    const { session } = await registerUser(app)
    const r1 = session.refreshToken
    const r2 = (await refresh(app, r1)).json<AuthSession>().refreshToken

    const replay = await refresh(app, r1)
    expect(replay.statusCode).toBe(401)
    expect(replay.json().detail).toBe('This session has ended; sign in again')

    // The newest token, held by whoever won the race, is dead too.
    expect((await refresh(app, r2)).statusCode).toBe(401)
  })

  it('leaves other sessions of the same user alone when one family is revoked', async () => {
    const { email, session } = await registerUser(app)
    const other = (await login(app, email, PASSWORD)).json<AuthSession>()
    await refresh(app, session.refreshToken)
    await refresh(app, session.refreshToken) // reuse: revokes the first family only
    expect((await refresh(app, other.refreshToken)).statusCode).toBe(200)
  })

  it('lets exactly one of two concurrent refreshes with the same token succeed', async () => {
    for (let round = 0; round < 5; round++) {
      const { session } = await registerUser(app)
      const results = await Promise.all([
        refresh(app, session.refreshToken),
        refresh(app, session.refreshToken),
      ])
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401])
      // The second use is a reuse like any other: the family ends, the winner signs in again.
      const winner = results.find((r) => r.statusCode === 200)?.json<AuthSession>()
      expect((await refresh(app, winner?.refreshToken ?? '')).statusCode).toBe(401)
    }
  })

  it('refuses a token it never issued', async () => {
    const res = await refresh(app, 'A'.repeat(43))
    expect(res.statusCode).toBe(401)
  })

  it('logout ends the session: its refresh token stops working', async () => {
    const { session } = await registerUser(app)
    const r2 = (await refresh(app, session.refreshToken)).json<AuthSession>().refreshToken
    const res = await call(app, 'POST', '/api/auth/logout', { refreshToken: r2 })
    expect(res.statusCode).toBe(204)
    expect(res.body).toBe('')
    expect((await refresh(app, r2)).statusCode).toBe(401)
  })

  it('logout answers 204 for a token it does not know', async () => {
    const res = await call(app, 'POST', '/api/auth/logout', { refreshToken: 'B'.repeat(43) })
    expect(res.statusCode).toBe(204)
  })
})
