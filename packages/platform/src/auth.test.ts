import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSigner } from 'fast-jwt'
import type { ProstServer } from './server.js'
import { bareServer } from '../test/bare-server.js'
import { auth, requireRole, requireUser } from './auth.js'

const secret = 's'.repeat(40)
let app: ProstServer

beforeAll(async () => {
  app = await bareServer('auth-test')
  await app.register(auth, { secret, accessTtlSeconds: 60 })
  app.get('/me', { preValidation: app.authenticate }, async (request) => request.user)
  app.get('/admin', { preValidation: [app.authenticate, requireRole('admin')] }, async () => ({ ok: true }))
  app.get('/users-only', { preValidation: [app.authenticate, requireUser] }, async () => ({ ok: true }))
  await app.ready()
})
afterAll(() => app.close())

const get = (url: string, token?: string) =>
  app.inject({ url, headers: token ? { authorization: `Bearer ${token}` } : {} })

describe('auth guards', () => {
  it('lets a valid token through and exposes its claims', async () => {
    const token = await app.signAccessToken({ sub: 'u1', kind: 'user', role: 'user', name: 'Ada' })
    const res = await get('/me', token)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ sub: 'u1', name: 'Ada' })
  })

  it.each([
    ['no token', undefined],
    [
      'a forged token',
      createSigner({ key: 'x'.repeat(40) })({ sub: 'u1', kind: 'user', role: 'admin', name: 'Eve' }),
    ],
    [
      'an expired token',
      createSigner({ key: secret, expiresIn: 1, clockTimestamp: Date.now() - 60_000 })({
        sub: 'u1',
        kind: 'user',
        role: 'user',
        name: 'A',
      }),
    ],
    [
      'a none-alg token',
      `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"u1","kind":"user","role":"admin"}').toString('base64url')}.`,
    ],
    ['garbage', 'not-a-jwt'],
  ])('answers 401 problem+json to %s', async (_label, token) => {
    const res = await get('/me', token)
    expect(res.statusCode).toBe(401)
    expect(res.json().type).toBe('https://prost.dev/problems/unauthenticated')
  })

  it('guards roles and account kinds', async () => {
    const user = await app.signAccessToken({ sub: 'u1', kind: 'user', role: 'user', name: 'Ada' })
    const admin = await app.signAccessToken({ sub: 'a1', kind: 'user', role: 'admin', name: 'Root' })
    const guest = await app.signAccessToken({ sub: 'p1', kind: 'participant', eventId: 'e1', name: 'Bob' })
    expect((await get('/admin', user)).statusCode).toBe(403)
    expect((await get('/admin', admin)).statusCode).toBe(200)
    expect((await get('/users-only', user)).statusCode).toBe(200)
    expect((await get('/users-only', guest)).statusCode).toBe(403)
    expect((await get('/admin', guest)).statusCode).toBe(403)
  })

  it('says why a token is refused, and takes only a Bearer header', async () => {
    const token = await app.signAccessToken({ sub: 'u1', kind: 'user', role: 'user', name: 'Ada' })
    const expired = createSigner({ key: secret, expiresIn: 1, clockTimestamp: Date.now() - 60_000 })({
      sub: 'u1',
      kind: 'user',
      role: 'user',
      name: 'A',
    })
    const detail = async (authorization?: string) => {
      const res = await app.inject({ url: '/me', headers: authorization ? { authorization } : {} })
      return [res.statusCode, res.statusCode === 200 ? 'ok' : res.json().detail]
    }
    expect(await detail()).toEqual([401, 'Send an access token in the Authorization header'])
    expect(await detail(`Bearer ${expired}`)).toEqual([401, 'Your session has expired; sign in again'])
    expect(await detail(`Basic ${token}`)).toEqual([401, 'The access token is not valid'])
    expect(await detail('Bearer')).toEqual([401, 'The access token is not valid'])
    expect(await detail(`Bearer ${token} extra`)).toEqual([401, 'The access token is not valid'])
    expect(await detail(`bearer ${token}`)).toEqual([200, 'ok'])
  })
})
