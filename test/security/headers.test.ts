/**
 * Security headers (@fastify/helmet) on API answers, errors included; CORS only for the configured
 * PUBLIC_URL origin; no stack traces or internals in any error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, newEventBody, startIngressStack, userToken, type IngressStack } from '@prost/test-support'

const ORIGIN = 'https://prost.example'
let stack: IngressStack

beforeAll(async () => {
  stack = await startIngressStack({
    only: ['accounts', 'events', 'voting', 'notifications'],
    env: { '*': { PUBLIC_URL: ORIGIN } },
  })
}, 120_000)

afterAll(async () => {
  await stack?.stop()
})

const STACK_TRACE = /at .+\(.*:\d+:\d+\)|node:internal|\/src\/.+\.ts|\.js:\d+:\d+|node_modules/

function expectSecurityHeaders(headers: Headers, what: string) {
  expect(headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(headers.get('x-frame-options'), what).toBe('SAMEORIGIN')
  expect(headers.get('strict-transport-security'), what).toMatch(/max-age=\d+/)
  expect(headers.get('referrer-policy'), what).toBe('no-referrer')
  expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin')
  expect(headers.get('x-powered-by'), what).toBeNull()
}

describe('security headers, CORS and error bodies', () => {
  it('sends helmet headers on answers and errors of every service', async () => {
    const token = userToken('Header Tester')
    const answers = {
      'events list': await call(stack.url, 'GET', '/api/events'),
      'events create': await call(stack.url, 'POST', '/api/events', { token, body: newEventBody('Headers') }),
      'events 404': await call(stack.url, 'GET', '/api/events/000000000000000000000000'),
      'events 400': await call(stack.url, 'POST', '/api/events', { token, body: { title: 1 } }),
      'accounts 401': await call(stack.url, 'GET', '/api/auth/me'),
      'accounts 400': await call(stack.url, 'POST', '/api/auth/login', { body: { email: 'x' } }),
      'voting 404': await call(stack.url, 'GET', '/api/votes/000000000000000000000000/ballot', { token }),
      'notifications 401': await call(stack.url, 'GET', '/api/notifications/me'),
      'notifications healthz': await call(stack.url, 'GET', '/api/notifications/healthz'),
    }
    for (const [what, res] of Object.entries(answers)) expectSecurityHeaders(res.headers, what)
  })

  it('allows only the configured origin', async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.url}/api/events`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      })
    const allowed = await preflight(ORIGIN)
    expect(allowed.status).toBeLessThan(300)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN)
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')

    for (const origin of [
      'https://evil.example',
      'https://prost.example.evil.example',
      'null',
      'http://prost.example',
    ]) {
      const refused = await preflight(origin)
      expect(refused.headers.get('access-control-allow-origin'), origin).toBeNull()
      const simple = await fetch(`${stack.url}/api/events`, { headers: { origin } })
      expect(simple.headers.get('access-control-allow-origin'), origin).toBeNull()
      await simple.arrayBuffer()
    }
  })

  it('never shows a stack trace or internals in an error body', async () => {
    const token = userToken('Error Tester')
    const created = await call<{ id: string }>(stack.url, 'POST', '/api/events', {
      token,
      body: newEventBody('Errors'),
    })
    const errors = [
      await call(stack.url, 'POST', '/api/events', { token, raw: '{"title":' }),
      await call(stack.url, 'POST', '/api/events', { token, body: { title: { $gt: '' } } }),
      await call(stack.url, 'GET', '/api/events/not-an-id'),
      await call(stack.url, 'GET', '/api/auth/me', { token: 'a.b.c' }),
      await call(stack.url, 'PUT', `/api/votes/${created.json.id}`, { token, body: { choices: 5 } }),
      // Where the corpus once found a 500 (cover upload, multipart without boundary): whatever the status, no cause shows.
      await (async () => {
        const res = await fetch(`${stack.url}/api/events/${created.json.id}/cover`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data' },
          body: 'x',
        })
        return { status: res.status, headers: res.headers, text: await res.text(), json: undefined }
      })(),
    ]
    for (const res of errors) {
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(res.text).not.toMatch(STACK_TRACE)
      expect(res.text).not.toMatch(/MongoServerError|TypeError|ReferenceError|stack/i)
    }
  })
})
