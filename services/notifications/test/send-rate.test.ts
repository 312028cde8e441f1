/**
 * The send budget against what Telegram counts: arrivals. Senders depart through the limiter, each
 * message arrives some time after its departure (a stalled event loop, a slow network) and is
 * answered some time after that; no one-second window of arrivals may hold more than the limit,
 * and the budget is still used. With Redis (two limiters sharing it, as two worker replicas do) and
 * in process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Redis } from 'ioredis'
import { testBackends } from '@prost/platform/testing'
import { SendRateLimiter } from '../src/reminders/send-rate.js'
import { objectId, silentLog } from './helper.js'

const RATE = 30
const MESSAGES = 75
const clients = [new Redis(testBackends().redisUrl), new Redis(testBackends().redisUrl)]
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Ready first: a limiter whose Redis is not (yet) connected paces in process.
beforeAll(async () => {
  await Promise.all(clients.map((client) => client.ping()))
})

afterAll(async () => {
  await Promise.all(clients.map((client) => client.quit()))
})

/** Sends MESSAGES through `limiters` (alternating), arrival and answer jittered; returns arrival times. */
async function burst(limiters: SendRateLimiter[]) {
  const arrivals: number[] = []
  const started = Date.now()
  await Promise.all(
    Array.from({ length: MESSAGES }, async (_, n) => {
      const limiter = limiters[n % limiters.length]!
      const chat = `chat-${n}`
      await limiter.acquire(chat)
      const departure = await limiter.depart(chat)
      expect(departure).not.toBeNull()
      // Every seventh message is held up on its way (e.g. behind a GC pause), then lands at once.
      await sleep(n % 7 === 0 ? 60 + Math.random() * 60 : Math.random() * 5)
      arrivals.push(Date.now())
      await sleep(Math.random() * 10)
      departure!.answered()
    }),
  )
  return { arrivals: arrivals.sort((a, b) => a - b), seconds: (Date.now() - started) / 1000 }
}

/** The most arrivals in any one-second window (Telegram's own count, as the fake Bot API keeps it). */
function busiestSecond(arrivals: number[]) {
  let most = 0
  for (let first = 0, last = 0; last < arrivals.length; last++) {
    while (arrivals[last]! - arrivals[first]! >= 1000) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

describe('send budget', () => {
  it('keeps every second of arrivals within the limit across two replicas sharing Redis', async () => {
    const keyPrefix = `send-rate-${objectId()}:`
    const replicas = clients.map(
      (redis) =>
        new SendRateLimiter({ perSecond: RATE, chatIntervalMs: 0, redis, keyPrefix, log: silentLog }),
    )
    const { arrivals, seconds } = await burst(replicas)
    expect(replicas.map((limiter) => limiter.mode)).toEqual(['redis', 'redis'])
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(RATE)
    // The budget is used: 75 messages at 30/s take 2.5 s at best; the answers cost a little of it.
    expect(MESSAGES / seconds).toBeGreaterThan(RATE * 0.8)
  })

  it('keeps every second of arrivals within the limit in process', async () => {
    const limiter = new SendRateLimiter({ perSecond: RATE, chatIntervalMs: 0, keyPrefix: '', log: silentLog })
    const { arrivals, seconds } = await burst([limiter])
    expect(limiter.mode).toBe('in-process')
    expect(busiestSecond(arrivals)).toBeLessThanOrEqual(RATE)
    expect(MESSAGES / seconds).toBeGreaterThan(RATE * 0.8)
  })

  it('holds a departure while the window is full of messages not yet answered', async () => {
    const limiter = new SendRateLimiter({ perSecond: 2, chatIntervalMs: 0, keyPrefix: '', log: silentLog })
    const first = await limiter.depart('a')
    const second = await limiter.depart('b')
    let third: unknown = 'waiting'
    void limiter.depart('c').then((departure) => (third = departure))
    await sleep(1_200) // two windows: a departure-only count would have let it go
    expect(third).toBe('waiting')
    first!.answered()
    second!.answered()
    await expect.poll(() => third, { timeout: 2_000 }).not.toBe('waiting')
  })
})
