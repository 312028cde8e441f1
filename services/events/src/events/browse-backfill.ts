/**
 * Events written before browse keys existed (events/browse-keys.ts) have no `browseKeys` or
 * `spanDays`, so a listing would not find them. After start the service computes them once, in
 * batches and in the background (a scan of a large collection must not hold up readiness; until it
 * ends, older events are missing from listings), and records that it did in a marker document;
 * running it twice (two replicas starting together) writes the same values again. Each write is
 * guarded by the document's `rev`, so an event changed meanwhile keeps the keys its own write derived.
 */
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb'
import type { EventDoc } from './event-document.js'
import { derivedFields } from './search-index.js'

export const MIGRATIONS_COLLECTION = 'events_migrations'
const MARKER = 'browse-keys-v1'
const BATCH = 500

/** For collections written only by this version (e.g. seeded by a benchmark): nothing to backfill. */
export async function markBrowseKeysCurrent(db: Db) {
  await db
    .collection<{ _id: string; at: Date; updated: number }>(MIGRATIONS_COLLECTION)
    .updateOne({ _id: MARKER }, { $set: { at: new Date(), updated: 0 } }, { upsert: true })
}

export async function backfillBrowseKeys(db: Db, events: Collection<EventDoc>) {
  const migrations = db.collection<{ _id: string; at: Date; updated: number }>(MIGRATIONS_COLLECTION)
  if (await migrations.findOne({ _id: MARKER })) return 0
  let updated = 0
  let batch: AnyBulkWriteOperation<EventDoc>[] = []
  const flush = async () => {
    if (batch.length) await events.bulkWrite(batch, { ordered: false })
    updated += batch.length
    batch = []
  }
  for await (const doc of events.find({})) {
    if (Array.isArray(doc.browseKeys) && Array.isArray(doc.spanDays)) continue
    const { browseKeys, spanDays } = derivedFields(doc)
    batch.push({
      updateOne: { filter: { _id: doc._id, rev: doc.rev }, update: { $set: { browseKeys, spanDays } } },
    })
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  await migrations.updateOne({ _id: MARKER }, { $set: { at: new Date(), updated } }, { upsert: true })
  return updated
}
