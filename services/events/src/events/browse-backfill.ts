/**
 * Events written by an older version lack browse keys this one queries (events/browse-keys.ts): v1
 * wrote none at all, v2 adds the `l+`/`l-` local-date keys of date ranges. After start the service
 * recomputes `browseKeys` and `spanDays` once, in batches and in the background (a scan of a large
 * collection must not hold up readiness; until it ends, older events may be missing from listings),
 * rewrites the documents whose stored values differ, and records that it did in a marker document
 * named after the current key version; running it twice (two replicas starting together) writes the
 * same values again. Each write is guarded by the document's `rev`, so an event changed meanwhile
 * keeps the keys its own write derived.
 */
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb'
import type { EventDoc } from './event-document.js'
import { derivedFields } from './search-index.js'

export const MIGRATIONS_COLLECTION = 'events_migrations'
/** The version of the stored browse keys; a new version backfills every document once more. */
export const BROWSE_KEYS_MARKER = 'browse-keys-v2'
const BATCH = 500

type Marker = { _id: string; at: Date; updated: number }

/** For collections written only by this version (e.g. seeded by a benchmark): nothing to backfill. */
export async function markBrowseKeysCurrent(db: Db) {
  await db
    .collection<Marker>(MIGRATIONS_COLLECTION)
    .updateOne({ _id: BROWSE_KEYS_MARKER }, { $set: { at: new Date(), updated: 0 } }, { upsert: true })
}

const sameList = (stored: unknown, derived: string[]) =>
  Array.isArray(stored) &&
  stored.length === derived.length &&
  stored.every((value, i) => value === derived[i])

export async function backfillBrowseKeys(db: Db, events: Collection<EventDoc>) {
  const migrations = db.collection<Marker>(MIGRATIONS_COLLECTION)
  if (await migrations.findOne({ _id: BROWSE_KEYS_MARKER })) return 0
  let updated = 0
  let batch: AnyBulkWriteOperation<EventDoc>[] = []
  const flush = async () => {
    if (batch.length) await events.bulkWrite(batch, { ordered: false })
    updated += batch.length
    batch = []
  }
  for await (const doc of events.find({})) {
    const { browseKeys, spanDays } = derivedFields(doc)
    if (sameList(doc.browseKeys, browseKeys) && sameList(doc.spanDays, spanDays)) continue
    batch.push({
      updateOne: { filter: { _id: doc._id, rev: doc.rev }, update: { $set: { browseKeys, spanDays } } },
    })
    if (batch.length >= BATCH) await flush()
  }
  await flush()
  await migrations.updateOne(
    { _id: BROWSE_KEYS_MARKER },
    { $set: { at: new Date(), updated } },
    { upsert: true },
  )
  return updated
}
