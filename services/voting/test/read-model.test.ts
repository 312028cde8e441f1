import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newEnvelope } from '@prost/platform'
import { build, type TestApp } from './helper.js'
import { eventState, person } from './fixtures.js'

let app: TestApp

beforeAll(async () => {
  app = await build()
})

afterAll(async () => {
  await app?.close()
})

describe('the read model of events', () => {
  it('ends at the newest state when many versions of one event arrive at once, in any order', async () => {
    const organizer = person('Olga')
    const bursts = Array.from({ length: 6 }, () => eventState(organizer))
    const newest = 12
    const messages = bursts.flatMap((base) =>
      Array.from({ length: newest }, (_, i) =>
        newEnvelope('event.updated', 1, { ...base, version: i + 1, title: `version ${i + 1}` }),
      ),
    )
    // Shuffled, and all published before any is handled: the consumer applies up to its prefetch at once.
    for (let i = messages.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      ;[messages[i], messages[j]] = [messages[j]!, messages[i]!]
    }
    await Promise.all(messages.map((m) => app.amqp.publish(m)))

    const events = app.mongo.db.collection<{ _id: string; version: number; title: string }>('events')
    const ids = bursts.map((b) => b.eventId)
    const deadline = Date.now() + 20_000
    let docs: { _id: string; version: number; title: string }[] = []
    // Settled once every message is handled: nothing left in flight for our events.
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500))
      const before = JSON.stringify(await events.find({ _id: { $in: ids } }).sort({ _id: 1 }).toArray())
      await new Promise((r) => setTimeout(r, 1000))
      docs = await events.find({ _id: { $in: ids } }).sort({ _id: 1 }).toArray()
      if (docs.length === ids.length && JSON.stringify(docs) === before) break
    }
    expect(docs.map((d) => [d.version, d.title])).toEqual(ids.map(() => [newest, `version ${newest}`]))
  })
})
