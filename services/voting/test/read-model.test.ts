import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { EventState } from '@prost/contracts'
import { newEnvelope } from '@prost/platform'
import { build, type TestApp } from './helper.js'
import { eventState, person } from './fixtures.js'

let app: TestApp

beforeAll(async () => {
  app = await build()
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
    const ids = new Set(bursts.map((b) => b.eventId))
    // Settled once every message has been applied or found stale (a requeued one is applied again later).
    const handled = new Set<string>()
    const apply = app.eventReadModel.apply
    vi.spyOn(app.eventReadModel, 'apply').mockImplementation(async (state: EventState) => {
      const applied = await apply(state)
      if (ids.has(state.eventId)) handled.add(`${state.eventId}@${state.version}`)
      return applied
    })
    await Promise.all(messages.map((m) => app.amqp.publish(m)))
    await vi.waitFor(() => expect(handled.size).toBe(messages.length), { timeout: 20_000, interval: 50 })

    const events = app.mongo.db.collection<{ _id: string; version: number; state: string }>('events')
    const docs = await events.find({ _id: { $in: [...ids] } }).toArray()
    expect(docs.map((d) => [d.version, (JSON.parse(d.state) as EventState).title])).toEqual(
      [...ids].map(() => [newest, `version ${newest}`]),
    )
    for (const id of ids) expect((await app.eventReadModel.get(id))?.title).toBe(`version ${newest}`)
  })

  it('reads a copy stored before the compact shape and replaces it with a newer version', async () => {
    const base = eventState(person('Lena'))
    const { eventId, ...fields } = base
    const legacy = { ...fields, version: 1, title: 'stored as fields' }
    await app.mongo.db.collection('events').insertOne({ _id: eventId as never, ...legacy })
    expect(await app.eventReadModel.get(eventId)).toMatchObject({
      eventId,
      version: 1,
      title: 'stored as fields',
    })

    expect(
      await app.eventReadModel.apply({ ...base, eventId, version: 2, title: 'stored as a string' }),
    ).toBe(true)
    const stored = await app.mongo.db.collection('events').findOne({ _id: eventId as never })
    expect(Object.keys(stored ?? {}).sort()).toEqual(['_id', 'state', 'version'])
    expect(await app.eventReadModel.get(eventId)).toMatchObject({
      eventId,
      version: 2,
      title: 'stored as a string',
    })
  })
})
