import { describe, expect, it } from 'vitest'
import { privateRedis } from '@prost/test-support'
import { MAX_FAILURES } from '../src/sessions/login-throttle.js'
import { build, login, newEmail, PASSWORD, randomIp, registerUser } from './helper.js'

const app = await build()

describe('POST /api/auth/login brute-force limits', () => {
  it('locks an account after repeated failures, for every IP, with Retry-After', async () => {
    const { email } = await registerUser(app)
    for (let i = 0; i < MAX_FAILURES; i++) {
      expect((await login(app, email, `wrong ${i}`)).statusCode).toBe(401)
    }
    // The right password from a fresh IP is refused too: the budget belongs to the account.
    const res = await login(app, email, PASSWORD, { ip: randomIp() })
    expect(res.statusCode).toBe(429)
    expect(res.json()).toMatchObject({ type: 'https://prost.dev/problems/rate-limited' })
    const retryAfter = Number(res.headers['retry-after'])
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(15 * 60)
  })

  it('locks unknown emails the same way, so lockouts do not reveal accounts', async () => {
    const email = newEmail('ghost')
    for (let i = 0; i < MAX_FAILURES; i++) expect((await login(app, email, 'guess')).statusCode).toBe(401)
    expect((await login(app, email, 'guess')).statusCode).toBe(429)
  })

  it('forgets earlier failures after a successful login', async () => {
    const { email } = await registerUser(app)
    for (let i = 0; i < MAX_FAILURES - 1; i++) await login(app, email, 'wrong')
    expect((await login(app, email, PASSWORD)).statusCode).toBe(200)
    for (let i = 0; i < MAX_FAILURES - 1; i++) await login(app, email, 'wrong')
    expect((await login(app, email, PASSWORD)).statusCode).toBe(200)
  })

  it('limits login attempts per IP across accounts', async () => {
    const ip = randomIp()
    const statuses: number[] = []
    for (let i = 0; i < 11; i++)
      statuses.push((await login(app, newEmail('spray'), 'guess', { ip })).statusCode)
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true)
    expect(statuses[10]).toBe(429)
    // A made-up bearer token does not buy a fresh budget on this route.
    const forged = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: ip,
      headers: { authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.x' },
      payload: { email: newEmail(), password: 'guess' },
    })
    expect(forged.statusCode).toBe(429)
  })
})

describe('logins without Redis', () => {
  it('still work (fail open) when Redis is down, and refuse wrong passwords as usual', async () => {
    const redis = await privateRedis()
    try {
      const isolated = await build({ REDIS_URL: redis.url })
      const { email } = await registerUser(isolated)
      await redis.stop()
      expect((await login(isolated, email, PASSWORD)).statusCode).toBe(200)
      expect((await login(isolated, email, 'wrong')).statusCode).toBe(401)
      expect((await login(isolated, newEmail(), PASSWORD)).statusCode).toBe(401)
      expect((await registerUser(isolated)).session.accessToken).toBeTruthy()
      const ready = await isolated.inject({ url: '/api/auth/readyz' })
      expect(ready.json().status).toBe('degraded')
    } finally {
      await redis.stop()
    }
  })
})
