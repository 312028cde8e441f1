/**
 * The per-group message budget of the poll cards, shared through the real Redis by two "replicas"
 * (two budgets on separate connections): sends to one group are spaced evenly and never more than
 * the limit in a minute, whoever sends them; a 429 pauses the group for everyone; groups do not
 * share a budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { testBackends, uniqueName } from '@prost/platform/testing'
import { createGroupBudget } from '../src/cards/group-budget.js'
import { silentLog } from './helper.js'

const clients = [new Redis(testBackends().redisUrl), new Redis(testBackends().redisUrl)]
// Ready first: a budget whose Redis is not (yet) connected counts in-process, per replica.
beforeAll(() => Promise.all(clients.map((c) => c.ping())))
afterAll(() => clients.forEach((c) => c.disconnect()))

const replicas = (perMinute: number) => {
  const keyPrefix = `${uniqueName('budget')}.`
  return clients.map((redis) => createGroupBudget({ perMinute, redis, keyPrefix, log: silentLog }))
}

describe('group message budget', () => {
  it('spaces one group’s messages evenly across replicas', async () => {
    const [a, b] = replicas(60) // one a second
    const times: number[] = []
    await Promise.all(
      [a, b, a, b].map(async (budget) => {
        await budget!.acquire(-1001)
        times.push(Date.now())
      }),
    )
    times.sort((x, y) => x - y)
    const gaps = times.slice(1).map((t, i) => t - times[i]!)
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950)
    // Another group is not held up by this one.
    const started = Date.now()
    await a!.acquire(-1002)
    expect(Date.now() - started).toBeLessThan(500)
  })

  it('never lets more than the limit through in a minute', async () => {
    const [a, b] = replicas(2) // spacing 30 s: the third must wait for the window
    await a!.acquire(-2001)
    const controller = new AbortController()
    const second = b!.acquire(-2001, controller.signal).then(() => Date.now())
    const started = Date.now()
    setTimeout(() => controller.abort(), 1500)
    // Aborted while waiting: it had not been let through within 1.5 s.
    expect((await second) - started).toBeGreaterThanOrEqual(1400)
  })

  it('pauses the group for every replica after a 429', async () => {
    const [a, b] = replicas(60)
    await a!.pause(-3001, 1500)
    const started = Date.now()
    await b!.acquire(-3001)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400)
  })
})
