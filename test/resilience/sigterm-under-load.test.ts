/**
 * Graceful shutdown under load: two events replicas behind the real HAProxy; one is closed the way
 * SIGTERM closes it (`app.close()`, see listenWithGrace) while clients read and write through the
 * ingress. No client sees a 5xx or a dropped connection, and requests in flight complete.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  newEventBody,
  startIngressStack,
  userToken,
  type IngressStack,
  type ServiceApp,
} from '@prost/test-support'
import { startLoad, summarize, type Load } from './load.js'

let stack: IngressStack
let closed: ServiceApp | undefined
let load: Load | undefined

beforeAll(async () => {
  stack = await startIngressStack({
    only: ['events'],
    replicas: { events: 2 },
    env: { events: { RATE_LIMIT_MAX: '1000000' } },
  })
})

afterAll(async () => {
  await load?.stop()
  await stack?.stop()
})

describe('a replica shutting down under load', () => {
  it('causes no 5xx and no failed request at the ingress', { timeout: 60_000 }, async () => {
    const token = userToken('Shutdown Tester')
    const created = await call<{ id: string }>(stack.url, 'POST', '/api/events', {
      token,
      body: newEventBody('Shutdown beer'),
    })
    expect(created.status, created.text).toBe(201)
    const id = created.json.id

    const running = (load = startLoad(8, async (w, i) => {
      if (w === 0) {
        const res = await call(stack.url, 'PATCH', `/api/events/${id}`, {
          token,
          body: { description: `write ${i}` },
        })
        return { label: 'patch', status: res.status }
      }
      if (w === 1 && i % 4 === 0) {
        const res = await call(stack.url, 'POST', '/api/events', { token, body: newEventBody(`Load ${i}`) })
        return { label: 'create', status: res.status }
      }
      const res = await call(stack.url, 'GET', i % 2 ? `/api/events/${id}` : '/api/events?limit=10')
      return { label: 'read', status: res.status }
    }))
    const since = (at: number) => running.outcomes.filter((o) => o.at > at).length
    await expect
      .poll(() => since(0), { timeout: 10_000, message: 'the load to get going' })
      .toBeGreaterThanOrEqual(50)
    const replica = stack.apps.events![0]!
    const closingAt = Date.now()
    await replica.close()
    closed = replica
    const closeTook = Date.now() - closingAt
    // HAProxy checks every second and takes a server out after two failed checks: the load goes on
    // across that moment, until the closed replica is out and the remaining one alone has answered.
    await expect
      .poll(() => readFileSync(stack.ingressLog, 'utf8'), {
        timeout: 15_000,
        message: 'HAProxy to take the replica out',
      })
      .toMatch(/events\/events1 is DOWN/)
    const outAt = Date.now()
    await expect
      .poll(() => since(outAt), { timeout: 10_000, message: 'answers from the remaining replica' })
      .toBeGreaterThanOrEqual(20)
    const outcomes = await running.stop()

    const bad = outcomes.filter((o) => o.status === 0 || o.status >= 500)
    const around = outcomes.filter((o) => o.at >= closingAt - 500 && o.at <= closingAt + closeTook + 1500)
    console.log(
      `[sigterm] requests: ${outcomes.length} (${around.length} around the shutdown, close took ${closeTook} ms); statuses ${JSON.stringify(summarize(outcomes))}; 5xx or failed: ${bad.length}`,
    )
    expect(around.length).toBeGreaterThan(10)
    expect(bad).toEqual([])
    expect(outcomes.every((o) => o.status >= 200 && o.status < 300)).toBe(true)
    expect(closed.server.listening).toBe(false)
  })
})
