/**
 * Events written before browse keys existed lack `browseKeys` and `spanDays`; the service computes
 * them once at start (src/events/browse-backfill.ts), so the listing finds those events again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EVENTS_COLLECTION } from '../src/events/events-repository.js'
import { MIGRATIONS_COLLECTION, backfillBrowseKeys } from '../src/events/browse-backfill.js'
import type { EventDoc } from '../src/events/event-document.js'
import { beerEvent, bearer, build, tokens, type TestApp } from './helper.js'

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
})
