/**
 * Graceful shutdown under load: two events replicas behind the real HAProxy; one is closed the way
 * SIGTERM closes it (`app.close()`, see listenWithGrace) while clients read and write through the
 * ingress. No client sees a 5xx or a dropped connection, and requests in flight complete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniqueName } from '@prost/test-support'
import type { ProstServer } from '@prost/platform'
import { call, startStack, type Stack } from '../security/stack.js'
import { newEventBody, sleep, startLoad, summarize, userToken } from './load.js'

let stack: Stack
let closed: ProstServer | undefined

beforeAll(async () => {
  stack = await startStack({
    only: ['events'],
    replicas: { events: 2 },
    env: { events: { RATE_LIMIT_MAX: '1000000', MONGODB_DB: uniqueName('res_sigterm_events') } },
  })
})

afterAll(async () => {
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

    const load = startLoad(8, async (w, i) => {
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
    })
    await sleep(2000)
    const replica = stack.apps.events![0]!
    const closingAt = Date.now()
    await replica.close()
    closed = replica
    const closeTook = Date.now() - closingAt
    await sleep(3000)
    const outcomes = await load.stop()

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
