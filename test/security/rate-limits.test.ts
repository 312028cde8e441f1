/**
 * Rate limits are shared across replicas: two events instances on the same Redis count one budget
 * per client, so the request over the limit is refused whichever instance gets it, with a
 * problem+json body and Retry-After.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  nextClientIp,
  serviceEnv,
  startServiceInstance,
  urlOf,
  userToken,
  type ServiceApp,
} from '@prost/test-support'

const LIMIT = 10
const replicas: ServiceApp[] = []

beforeAll(async () => {
  const env = serviceEnv('events', { RATE_LIMIT_MAX: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: '60' })
  for (let i = 0; i < 2; i++) replicas.push(await startServiceInstance('events', env))
})

afterAll(async () => {
  for (const app of replicas) await app.close()
})

const bases = () => replicas.map(urlOf)

describe('rate limits across two replicas', () => {
  it('counts one budget per account across both instances', async () => {
    const token = userToken('Limited')
    const statuses: number[] = []
    for (let i = 0; i < LIMIT; i++)
      statuses.push((await call(bases()[i % 2]!, 'GET', '/api/events/mine', { token })).status)
    expect(statuses).toEqual(Array(LIMIT).fill(200))
    // Each instance has seen only LIMIT/2 requests: the 429 comes from the combined count.
    for (const base of bases()) {
      const over = await call<{ type: string; status: number; detail: string }>(
        base,
        'GET',
        '/api/events/mine',
        { token },
      )
      expect(over.status).toBe(429)
      expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/)
      expect(over.json.type).toBe('https://prost.dev/problems/rate-limited')
      expect(over.json.status).toBe(429)
      const retryAfter = Number(over.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
    }
  })

  it('counts one budget per client address across both instances when there is no token', async () => {
    const ip = nextClientIp().replace(/^10\./, '172.')
    const statuses: number[] = []
    for (let i = 0; i < LIMIT + 2; i++)
      statuses.push((await call(bases()[i % 2]!, 'GET', '/api/events?limit=1', { ip })).status)
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(200))
    expect(statuses.slice(LIMIT)).toEqual([429, 429])
    // Another address still has its own budget.
    expect((await call(bases()[0]!, 'GET', '/api/events?limit=1')).status).toBe(200)
  })

  it('does not give a forged token a fresh budget', async () => {
    const ip = nextClientIp().replace(/^10\./, '192.')
    const forged = () => userToken('x').replace(/\.[^.]+$/, '.forgedsignature')
    const statuses: number[] = []
    for (let i = 0; i < LIMIT + 1; i++)
      statuses.push(
        (await call(bases()[i % 2]!, 'GET', '/api/events?limit=1', { ip, token: forged() })).status,
      )
    // Forged tokens count against the address: 401s until the budget is spent, then 429.
    expect(statuses.at(-1)).toBe(429)
  })
})
