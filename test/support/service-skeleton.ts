/**
 * What every service answers before any of its features: liveness and readiness at the root and on
 * its public path, and an OpenAPI document. Each service's test/app.test.ts runs these checks.
 */
import { expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'

/** Adds the skeleton's checks to the enclosing describe; `build` makes the service under test. */
export function itHasTheServiceSkeleton(
  service: string,
  publicPath: string,
  build: () => Promise<Pick<FastifyInstance, 'inject'>>,
) {
  it('answers liveness and readiness at the root and on its public path', async () => {
    const app = await build()
    for (const url of ['/healthz', `${publicPath}/healthz`]) {
      const res = await app.inject({ url })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'ok', service })
    }
    const ready = await app.inject({ url: `${publicPath}/readyz` })
    expect(ready.statusCode).toBe(200)
    expect(ready.json().status).toBe('ready')
  })

  it('publishes its OpenAPI document', async () => {
    const app = await build()
    const spec = (await app.inject({ url: '/docs/json' })).json()
    expect(spec.info.title).toBe(`Prost ${service} API`)
    expect(Object.keys(spec.paths)).toContain(`${publicPath}/readyz`)
  })
}
