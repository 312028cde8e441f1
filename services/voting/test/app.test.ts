import { describe, expect, it } from 'vitest'
import { build } from './helper.js'

describe('voting service skeleton', () => {
  it('answers liveness and readiness at the root and on its public path', async () => {
    const app = await build()
    for (const url of ['/healthz', '/api/votes/healthz']) {
      const res = await app.inject({ url })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'ok', service: 'voting' })
    }
    const ready = await app.inject({ url: '/api/votes/readyz' })
    expect(ready.statusCode).toBe(200)
    expect(ready.json().status).toBe('ready')
  })

  it('publishes its OpenAPI document', async () => {
    const app = await build()
    const spec = (await app.inject({ url: '/docs/json' })).json()
    expect(spec.info.title).toBe('Prost voting API')
    expect(Object.keys(spec.paths)).toContain('/api/votes/readyz')
    expect(spec.paths['/api/votes/{eventId}'].put.security).toEqual([{ bearer: [] }])
    expect(Object.keys(spec.paths['/api/votes/{eventId}'].put.responses)).toEqual([
      '200',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '503',
    ])
  })
})
