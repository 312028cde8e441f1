/**
 * Events written before browse keys existed lack `browseKeys` and `spanDays`, and those written by
 * the previous key version lack the `l+`/`l-` local-date keys; the service computes them once at
 * start (src/events/browse-backfill.ts), so the listing finds those events again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENTS_COLLECTION } from '../src/events/events-repository.js'
import {
  BROWSE_KEYS_MARKER,
  MIGRATIONS_COLLECTION,
  backfillBrowseKeys,
} from '../src/events/browse-backfill.js'
import { aheadKey, behindKey } from '../src/events/browse-keys.js'
import { derivedFields } from '../src/events/search-index.js'
import type { EventDoc } from '../src/events/event-document.js'
import { beerEvent, bearer, build, createEvent, tokens, type TestApp } from './helper.js'

let app: TestApp
const ids: string[] = []

beforeAll(async () => {
  app = await build()
  for (const title of ['Old quiz night', 'Old beer evening', 'Old brunch']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(tokens().organizer),
      payload: beerEvent({ title }),
    })
    expect(res.statusCode).toBe(201)
    ids.push(res.json().id)
  }
})

afterAll(async () => {
  await app.mongo.db.collection(MIGRATIONS_COLLECTION).deleteMany({})
})

const listedIds = async () => {
  const page = await app.eventsRepository.loadPage({ limit: 50 }, null, 50, new Date())
  return page.items.map((item) => item.id)
}

describe('browse keys backfill', () => {
  it('gives documents of the previous version their keys, once, and the listing finds them', async () => {
    const events = app.mongo.db.collection<EventDoc>(EVENTS_COLLECTION)
    const before = await listedIds()
    expect(before).toEqual(expect.arrayContaining(ids))
    // The outbox relay rewrites each new event once; let it finish so it cannot restore the keys.
    await expect.poll(() => events.countDocuments({ hasOutbox: true })).toBe(0)
    // What the previous version stored: no browse keys at all.
    await events.updateMany({}, { $unset: { browseKeys: '', spanDays: '' } })
    await app.mongo.db.collection(MIGRATIONS_COLLECTION).deleteMany({})
    expect(await listedIds()).toEqual([])

    expect(await backfillBrowseKeys(app.mongo.db, events)).toBe(ids.length)
    expect(await listedIds()).toEqual(before)
    // Done once: the marker stops a second scan, and a rerun without it changes nothing.
    expect(await backfillBrowseKeys(app.mongo.db, events)).toBe(0)
    await app.mongo.db.collection(MIGRATIONS_COLLECTION).deleteMany({})
    expect(await backfillBrowseKeys(app.mongo.db, events)).toBe(0)
    expect(await listedIds()).toEqual(before)
  })

  it('gives documents of key version 1 the local-date keys of date ranges', async () => {
    const events = app.mongo.db.collection<EventDoc>(EVENTS_COLLECTION)
    const utcDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
    // 12:00Z is 02:00 the next day on Kiritimati (UTC+14); 02:00Z is the evening before in New York.
    const east = await createEvent(app, tokens().organizer, {
      title: 'Sunrise swim',
      timeZone: 'Pacific/Kiritimati',
      timeOptions: [{ startsAt: `${utcDay(10)}T12:00:00.000Z`, durationMinutes: 60 }],
    })
    const west = await createEvent(app, tokens().organizer, {
      title: 'Late show',
      timeZone: 'America/New_York',
      timeOptions: [{ startsAt: `${utcDay(14)}T02:00:00.000Z`, durationMinutes: 60 }],
    })
    await expect.poll(() => events.countDocuments({ hasOutbox: true })).toBe(0)
    const inRange = async (from: string, to: string) =>
      (await app.eventsRepository.loadPage({ from, to }, null, 50, new Date())).items.map((item) => item.id)
    expect(await inRange(utcDay(11), utcDay(11))).toEqual([east.id])
    expect(await inRange(utcDay(12), utcDay(13))).toEqual([west.id])

    // What version 1 stored: the bucket keys only, and its marker.
    for (const doc of await events.find({}).toArray())
      await events.updateOne(
        { _id: doc._id },
        { $set: { browseKeys: doc.browseKeys.filter((key) => !key.includes('|l')) } },
      )
    const migrations = app.mongo.db.collection<{ _id: string }>(MIGRATIONS_COLLECTION)
    await migrations.deleteMany({})
    await migrations.insertOne({ _id: 'browse-keys-v1' })
    expect(await inRange(utcDay(11), utcDay(11))).toEqual([])
    expect(await inRange(utcDay(12), utcDay(13))).toEqual([])

    expect(await backfillBrowseKeys(app.mongo.db, events)).toBe(2)
    const stored = await events.find({}).toArray()
    for (const doc of stored) expect(doc.browseKeys).toEqual(derivedFields(doc).browseKeys)
    const keysOf = (id: string) => stored.find((doc) => doc._id.toHexString() === id)?.browseKeys
    expect(keysOf(east.id)).toContain(aheadKey(utcDay(11)))
    expect(keysOf(west.id)).toContain(behindKey(utcDay(13)))
    expect(await inRange(utcDay(11), utcDay(11))).toEqual([east.id])
    expect(await inRange(utcDay(12), utcDay(13))).toEqual([west.id])
    expect(await migrations.findOne({ _id: BROWSE_KEYS_MARKER })).not.toBeNull()
  })
})
