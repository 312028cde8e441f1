import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProstServer } from './server.js'
import { bareServer } from '../test/bare-server.js'
import { loadConfig } from './config.js'
import { InternalApiConfigSchema, internalTokenMatches, requireInternalToken } from './internal-token.js'

const token = 't'.repeat(40)
let on: ProstServer
let off: ProstServer

beforeAll(async () => {
  on = await bareServer('internal-token-on')
  on.post('/internal/x', { preValidation: requireInternalToken(token) }, async () => ({ ok: true }))
  off = await bareServer('internal-token-off')
  off.post('/internal/x', { preValidation: requireInternalToken('') }, async () => ({ ok: true }))
  await Promise.all([on.ready(), off.ready()])
})
afterAll(() => Promise.all([on.close(), off.close()]))

const post = (app: ProstServer, header?: string | string[]) =>
  app.inject({
    method: 'POST',
    url: '/internal/x',
    headers: header === undefined ? {} : { 'x-prost-internal-token': header },
  })

describe('requireInternalToken', () => {
  it('lets the right token through', async () => {
    const res = await post(on, token)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ ok: true })
  })

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['a wrong token', 'x'.repeat(40)],
    ['a prefix of the token', token.slice(0, 39)],
    ['the token with more after it', `${token}t`],
  ])('answers 401 problem+json for %s', async (_name, header) => {
    const res = await post(on, header)
    expect(res.statusCode).toBe(401)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json().detail).toBe('Send the internal API token in the x-prost-internal-token header')
  })

  it('answers 404 when no token is configured, even to the right-looking header', async () => {
    for (const header of [undefined, token]) {
      const res = await post(off, header)
      expect(res.statusCode).toBe(404)
      expect(res.json().type).toBe('https://prost.dev/problems/not-found')
    }
  })

  it('never matches an empty configured token', () => {
    expect(internalTokenMatches('', '')).toBe(false)
    expect(internalTokenMatches(token, token)).toBe(true)
  })
})

describe('INTERNAL_API_TOKEN', () => {
  it('is optional, and at least 32 characters when set', () => {
    expect(loadConfig(InternalApiConfigSchema, {}).INTERNAL_API_TOKEN).toBe('')
    expect(loadConfig(InternalApiConfigSchema, { INTERNAL_API_TOKEN: token }).INTERNAL_API_TOKEN).toBe(token)
    expect(() => loadConfig(InternalApiConfigSchema, { INTERNAL_API_TOKEN: 'short' })).toThrow(
      /INTERNAL_API_TOKEN/,
    )
  })

  it('is never repeated back in a config error', () => {
    const secretish = 'short-secret-value'
    expect(() => loadConfig(InternalApiConfigSchema, { INTERNAL_API_TOKEN: secretish })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secretish) }),
    )
  })
})
