import { describe, expect, it } from 'vitest'
import { build } from './helper.js'

describe('events service skeleton', () => {
  it('answers liveness and readiness at the root and on its public path', async () => {
    const app = await build()
    for (const url of ['/healthz', '/api/events/healthz']) {
      const res = await app.inject({ url })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'ok', service: 'events' })
    }
    const ready = await app.inject({ url: '/api/events/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json().status).toBe('ready')
  })

  it('publishes its OpenAPI document', async () => {
    const app = await build()
    const spec = (await app.inject({ url: '/docs/json' })).json()
    expect(spec.info.title).toBe('Prost events API')
    expect(Object.keys(spec.paths)).toContain('/api/events/readyz')
  })
})
