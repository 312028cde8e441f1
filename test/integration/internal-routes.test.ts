/**
 * Service-to-service routes are never reachable through the ingress: HAProxy answers 404 for any
 * path with /internal/ in it (routes.json `internalPathRules`), however it is spelled, while the
 * same call straight to the service works (so the 404 is the ingress's, not a missing route).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngressStack, urlOf, type IngressStack } from '@prost/test-support'
import { TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'

let ingress: IngressStack
let direct: string

beforeAll(async () => {
  ingress = await startIngressStack({ only: ['accounts'] })
  direct = urlOf(ingress.apps.accounts![0]!)
})

afterAll(async () => {
  await ingress?.stop()
})

const botSession = (base: string, path = '/api/auth/internal/telegram-session') =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-prost-internal-token': TEST_INTERNAL_API_TOKEN },
    body: JSON.stringify({ user: { id: 424_242_001, first_name: 'Olga', language_code: 'ru' } }),
  })

describe('internal routes', () => {
  it('work when called on the service itself, with the token', async () => {
    const res = await botSession(direct)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      user: { telegram: { id: 424_242_001 } },
      accessToken: expect.any(String),
    })
  })

  it.each([
    '/api/auth/internal/telegram-session',
    '/api/auth/internal/telegram-session?via=ingress',
    '/api/auth/internal/telegram-link',
    '/api/auth/INTERNAL/telegram-session',
    '/api/auth/%69nternal/telegram-session',
    '/api/auth/internal%2Ftelegram-session',
    '/api/auth//internal/telegram-session',
    '/api/events/internal/anything',
    '/api/votes/internal/65a1b2c3d4e5f60718293a40/best',
    '/api/votes/internal/65a1b2c3d4e5f60718293a40/board',
    '/internal/',
  ])('answer 404 problem+json through the ingress: %s', async (path) => {
    const res = await botSession(ingress.url, path)
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toContain('application/problem+json')
    expect(await res.json()).toMatchObject({ type: 'https://prost.dev/problems/not-found', status: 404 })
  })

  it('leave every other accounts path routed', async () => {
    const res = await fetch(`${ingress.url}/api/auth/providers`)
    expect(res.status).toBe(200)
  })
})
