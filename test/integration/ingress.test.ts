/**
 * Through the real HAProxy ingress, rendered from scripts/stack/routes.json: every service answers
 * its health on its public path, and paths reach the right service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, loadConfig, type ProstServer } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { services } from '@prost/all-in-one'
import { freePort } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'
import { routes } from '../../scripts/stack/routes.js'

const running: ProstServer[] = []
let ingress: Awaited<ReturnType<typeof startHaproxy>>

beforeAll(async () => {
  const backends = testBackends()
  const upstreams: Record<string, string[]> = {}
  for (const service of services) {
    const config = loadConfig(service.configSchema, {
      MONGODB_URL: backends.mongoUrl,
      MONGODB_DB: uniqueName(service.name),
      REDIS_URL: backends.redisUrl,
      AMQP_URL: backends.amqpUrl,
      MINIO_ENDPOINT: backends.minio.endPoint,
      MINIO_PORT: String(backends.minio.port),
      MINIO_ACCESS_KEY: backends.minio.accessKey,
      MINIO_SECRET_KEY: backends.minio.secretKey,
      PORT: '0',
    })
    const app = await createServer({ name: service.name, config, metrics: false, logger: false })
    await app.register(service.plugin, { config })
    await app.listen({ host: '127.0.0.1', port: 0 })
    running.push(app)
    upstreams[service.name] = [`127.0.0.1:${(app.server.address() as { port: number }).port}`]
  }
  ingress = await startHaproxy({ data: backends.dataDir, logs: backends.logDir }, await freePort(), upstreams, uniqueName('haproxy'))
})

afterAll(async () => {
  await ingress?.proc.stop()
  for (const app of running) await app.close()
})

describe('the HAProxy ingress', () => {
  it.each(routes.services.map((s) => [s.name, s.health] as const))('routes %s health on %s', async (name, path) => {
    const res = await fetch(`${ingress.url}${path}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', service: name })
    expect(res.headers.get('x-request-id')).toBeTruthy()
  })

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
