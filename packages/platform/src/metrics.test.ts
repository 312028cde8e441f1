import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type ProstServer } from './server.js'
import { loadConfig, BaseConfigSchema } from './config.js'

let app: ProstServer

beforeAll(async () => {
  app = await createServer({
    name: 'metrics',
    config: loadConfig(BaseConfigSchema, { PORT: '0' }),
    logger: false,
  })
  app.get('/beer', async () => ({ ok: true }))
  await app.ready()
})

afterAll(async () => {
  await app?.close()
})

describe('route metrics', () => {
  it('exports a request histogram per route, and no summary (its quantiles cannot be aggregated)', async () => {
    expect((await app.inject({ method: 'GET', url: '/beer' })).statusCode).toBe(200)
    const scraped = (await app.inject({ method: 'GET', url: '/metrics' })).body
    expect(scraped).toMatch(/^http_request_duration_seconds_count\{.*route="\/beer".*\} 1$/m)
    // fastify-metrics still declares the summary; it must never observe a request.
    expect(scraped).not.toMatch(/^http_request_summary_seconds.*route=/m)
  })
})
