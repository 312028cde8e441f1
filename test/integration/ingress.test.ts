/**
 * Through the real HAProxy ingress, rendered from scripts/stack/routes.json: every service answers
 * its health on its public path, and paths reach the right service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngressStack, type IngressStack } from '@prost/test-support'
import { routes } from '../../scripts/stack/routes.js'

let ingress: IngressStack

beforeAll(async () => {
  ingress = await startIngressStack()
})

afterAll(async () => {
  await ingress?.stop()
})

describe('the HAProxy ingress', () => {
  it.each(routes.services.map((s) => [s.name, s.health] as const))(
    'routes %s health on %s',
    async (name, path) => {
      const res = await fetch(`${ingress.url}${path}`)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ status: 'ok', service: name })
      expect(res.headers.get('x-request-id')).toBeTruthy()
    },
  )

  it('routes every public prefix to its own service', async () => {
    for (const service of routes.services) {
      for (const prefix of service.prefixes.filter((p) => p.startsWith('/api/'))) {
        const res = await fetch(`${ingress.url}${prefix}/no/such/route/here`)
        expect(res.status).toBe(404)
        expect(res.headers.get('content-type')).toContain('application/problem+json')
      }
    }
  })

  it('answers 503 for the SPA while no web server runs', async () => {
    expect((await fetch(`${ingress.url}/`)).status).toBe(503)
  })
})
