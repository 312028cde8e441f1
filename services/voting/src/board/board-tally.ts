/**
 * The board tally: every participant's current answers, `{ revision, choices }` per participant id,
 * kept next to the ballots so a board is built from a few small documents instead of every ballot of
 * the event (a vote no longer triggers O(ballots) reads, a burst no longer O(ballots²)). Counts,
 * voters and the best options are derived by `buildBoard` from the tally and the read model at read
 * time, so the board follows option and participant changes exactly as a rebuild from the ballots.
 *
 * Layout: BUCKETS documents per event (`boards`, `_id` = `<eventId>:<bucket>`, the participant's
 * bucket a hash of their id), each holding its entries as one JSON string. Why not one document
 * with nested entries: FerretDB v1 converts every nested field on each read and rewrites the whole
 * document on each update (measured at 1,000 entries: ~275 ms to read, ~430 ms to `$set` one
 * entry; as one JSON string ~30-60 ms). Buckets keep each vote's read-modify-write to ~1/16 of the
 * event, and a board read is one equality query (`eventId`) returning BUCKETS small documents.
 *
 * How a vote gets in, off the request path: a vote is answered once its ballot is stored and
 * *marked* in Redis (tally-marks.ts) with the ballot the write returned, under the ballot's lock
 * (ballots/ballot-locks.ts; one writer per ballot across replicas, so that returned ballot is what
 * the store holds). Marks are taken into the stored buckets behind the answers, in batches: a
 * replica with marked votes starts an apply `gatherMs` later (counted from the end of the running
 * one, if any), and one apply takes every mark of the event at that moment, whichever replica made it.
 * A board read never waits for that: `read` lays the marks over the stored buckets (marks read
 * first, so a mark already gone had its bucket written before the buckets are read). So a board read
 * after a vote's answer includes it, on every replica, and a vote costs one store command on the
 * request path (the ballot write) and a share of one apply.
 *
 * Why the stored tally stays equal to the ballots, on FerretDB too (whose filtered updates are not
 * atomic):
 *  - every write of an event's buckets happens under the document lock `board:<eventId>` (an atomic
 *    `_id` insert), so writers of one event's tally are serialized across replicas;
 *  - a marked ballot is taken as it is only when it is newer (by revision) than the entry, or is a
 *    deletion; otherwise the ballot is read again under the lock. A change recorded without a mark
 *    (`recorded`: no Redis, or a caller that needs the stored tally itself) is always read again. An
 *    entry is written only when it differs, so a redelivered or late change changes nothing;
 *  - a mark is removed only after its bucket was written, and only if it was not renewed meanwhile.
 * Cost: an apply reads the buckets it touches (or, when this replica wrote them last, one generation
 * token that says nobody else did; see `kept`), writes the changed ones in one bulk command, and
 * takes and releases the lock: a few store commands per batch, whatever the number of votes or
 * ballots. Why one lock per event and not per bucket: a batch spans several buckets, and taking
 * their locks one by one cost a lock round trip per bucket. (While replicas of different versions
 * run, their applies may not exclude each other; a `boardCache.rebuild` of the events voted on
 * during a rollout restores any lost entry.)
 * Repair: a missing or malformed bucket is rebuilt from the ballots under the lock, on the next read
 * or apply; `rebuild` redoes all of an event's buckets (call it through `boardCache.rebuild`, which
 * also tells every replica that its kept board is stale). Marks lost with Redis (a restart without
 * persistence) are noticed by the replicas that made them (the event's sequence number went back),
 * which read those ballots again; only a replica that stops in the same moment leaves its last
 * votes out of the stored tally, until a rebuild.
 */
import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import type { AnyBulkWriteOperation, Collection, Db } from 'mongodb'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import type { BallotChoices } from '@prost/contracts'
import { createDocumentLocks } from '@prost/platform'
import type { Ballots } from '../ballots/ballots-repository.js'
import type { Lease } from '../ballots/ballot-locks.js'
import type { StoredBallot } from './board.js'
import { createTallyMarks, type TallyMarks, type WrittenBallot } from './tally-marks.js'

export interface TallyEntry {
  /** The ballot revision this entry was read at. */
  revision: number
  choices: BallotChoices
}

/** Participant id → entry. */
export type Tally = Record<string, TallyEntry>

export interface TallyBucketDocument {
  _id: string
  eventId: string
  bucket: number
  /** The bucket's `Tally` as JSON (see the module comment for why a string). */
  entries: string
}

export const BOARDS_COLLECTION = 'boards'
export const BUCKETS = 16
/** Events whose last written buckets an applying replica keeps (see `kept`). */
const MAX_KEPT_EVENTS = 500

const ANSWERS = new Set(['yes', 'maybe', 'no'])

/** FNV-1a: a stable spread of participant ids over the buckets, the same on every replica. */
export function bucketOf(participantId: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < participantId.length; i++) {
    hash ^= participantId.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return (hash >>> 0) % BUCKETS
}

const isEntry = (entry: unknown): entry is TallyEntry => {
  if (!entry || typeof entry !== 'object') return false
  const { revision, choices } = entry as Partial<TallyEntry>
  return (
    Number.isInteger(revision) &&
    !!choices &&
    typeof choices === 'object' &&
    !Array.isArray(choices) &&
    Object.values(choices).every((answer) => ANSWERS.has(answer))
  )
}

/** A stored bucket's entries, or null when it is missing or not what this code writes (then repaired). */
export function bucketEntries(doc: unknown, eventId: string, bucket: number): Tally | null {
  if (!doc || typeof doc !== 'object') return null
  const stored = doc as Partial<TallyBucketDocument>
  if (stored.eventId !== eventId || stored.bucket !== bucket || typeof stored.entries !== 'string')
    return null
  let entries: unknown
  try {
    entries = JSON.parse(stored.entries)
  } catch {
    return null
  }
  if (!entries || typeof entries !== 'object' || Array.isArray(entries)) return null
  const valid = Object.entries(entries).every(([id, entry]) => bucketOf(id) === bucket && isEntry(entry))
  return valid ? (entries as Tally) : null
}

/** The tally's entries as ballots, for `buildBoard`. */
export const tallyBallots = (tally: Tally): StoredBallot[] =>
  Object.entries(tally).map(([participantId, { choices }]) => ({ participantId, choices }))

/**
 * Whether a ballot as a write under its lock left it (tally-marks.ts) can be taken as it is over
 * `entry`: a deletion, or newer by revision (or the entry already). Otherwise (a lock holder stalled
 * past its lease, a mark from before a rebuild) the ballot must be read from the store.
 */
const takesAsWritten = (entry: TallyEntry | undefined, ballot: WrittenBallot) =>
  ballot === null || !entry || entry.revision < ballot.revision || sameEntry(entry, ballot)

/** A stored ballot as the tally keeps it (null: deleted). */
const asWritten = (ballot: { revision: number; choices: BallotChoices } | null): WrittenBallot =>
  ballot ? { revision: ballot.revision, choices: ballot.choices } : null

const sameEntry = (a: TallyEntry | undefined, b: TallyEntry) =>
  !!a &&
  a.revision === b.revision &&
  Object.keys(a.choices).length === Object.keys(b.choices).length &&
  Object.entries(b.choices).every(([option, answer]) => a.choices[option] === answer)

export interface BoardTallyOptions {
  /** Where votes mark what the tally still has to take in (tally-marks.ts); without it, votes wait. */
  marks?: TallyMarks
  log?: FastifyBaseLogger
  /** How long one apply may hold a bucket's lock before another replica may take it over. */
  leaseMs?: number
  /** How long an apply waits for the lock before failing with 503. */
  waitMs?: number
  /**
   * How long marked votes gather before an apply nobody waits for starts (default 1 s): one apply
   * costs a lock round, the touched buckets' reads and one write, whatever the number of votes in it.
   * Readers never wait for it (they lay the marks over the stored tally); only the stored tally lags.
   */
  gatherMs?: number
}

interface Batch {
  /** Participants whose ballots are re-read whatever the marks say (changes recorded without a mark). */
  participants: Set<string>
  /** Marks numbered up to this must be applied when the batch settles (0: none). */
  horizon: number
  /** Participants this replica marked: re-read from here if the marks cannot be read back. */
  marked: Set<string>
  /** Someone waits for it: it starts at once, without gathering (see `gatherMs`). */
  urgent: boolean
  done: Promise<void>
  settle: (error?: unknown) => void
}

export function createBoardTally(db: Db, ballots: Ballots, options: BoardTallyOptions = {}) {
  const { marks, log } = options
  const boards: Collection<TallyBucketDocument> = db.collection<TallyBucketDocument>(BOARDS_COLLECTION)
  const locks = createDocumentLocks(db, {
    leaseMs: options.leaseMs ?? 5_000,
    waitMs: options.waitMs ?? 10_000,
    // Held for a few ms per batch, often by the other replica: short pauses keep both replicas' batches moving.
    retryDelayMs: { first: 2, max: 10 },
  })
  const bucketId = (eventId: string, bucket: number) => `${eventId}:${bucket}`
  /** One lock for all of an event's buckets (see the module comment). */
  const withEventLock = <T>(eventId: string, work: () => Promise<T>): Promise<T> =>
    locks.withLock(`board:${eventId}`, work)

  /**
   * The buckets this replica wrote last, per event, under the generation it wrote with them. Every
   * write of an event's buckets (under its lock) also replaces `<eventId>:generation` with a new
   * random token, so a holder of the lock that finds its own token there knows nobody wrote since
   * and needs one read instead of one per bucket. Only the apply uses it; board reads read buckets.
   */
  const kept = new Map<string, { generation: string; buckets: Map<number, Tally> }>()
  const generationId = (eventId: string) => `${eventId}:generation`
  const generations = db.collection<{ _id: string; generation: string }>(BOARDS_COLLECTION)
  /** The bulk operation that sets the event's generation to `generation` (a new random token). */
  const generationWrite = (eventId: string, generation = randomUUID()) =>
    ({
      replaceOne: {
        filter: { _id: generationId(eventId) },
        replacement: { generation },
        upsert: true,
      },
    }) as unknown as AnyBulkWriteOperation<TallyBucketDocument>
  function keep(eventId: string, generation: string, buckets: Map<number, Tally>) {
    kept.delete(eventId)
    kept.set(eventId, { generation, buckets })
    if (kept.size > MAX_KEPT_EVENTS) kept.delete(kept.keys().next().value!)
  }

  /** Rewrites these buckets from the event's ballots; the caller holds the event's lock. */
  async function rebuildNow(eventId: string, buckets: readonly number[]): Promise<Map<number, Tally>> {
    kept.delete(eventId)
    const rebuilt = new Map<number, Tally>(buckets.map((b) => [b, {}]))
    for (const ballot of await ballots.forEvent(eventId)) {
      const tally = rebuilt.get(bucketOf(ballot.participantId))
      if (tally) tally[ballot.participantId] = { revision: ballot.revision, choices: ballot.choices }
    }
    const writes: AnyBulkWriteOperation<TallyBucketDocument>[] = [...rebuilt].map(([bucket, tally]) => ({
      replaceOne: {
        filter: { _id: bucketId(eventId, bucket) },
        replacement: { eventId, bucket, entries: JSON.stringify(tally) },
        upsert: true,
      },
    }))
    if (writes.length > 0) await boards.bulkWrite([...writes, generationWrite(eventId)], { ordered: false })
    return rebuilt
  }

  /** Rebuilds the buckets still missing or malformed once the event's lock is held. */
  function repair(eventId: string, buckets: readonly number[]): Promise<Map<number, Tally>> {
    return withEventLock(eventId, async () => {
      // By event (an equality FerretDB pushes down), not `_id: { $in }`, which it filters after a full scan.
      const docs = await boards.find({ eventId }).toArray()
      const found = new Map<number, Tally>()
      for (const doc of docs) {
        const entries = bucketEntries(doc, eventId, doc.bucket)
        if (entries && buckets.includes(doc.bucket)) found.set(doc.bucket, entries)
      }
      const broken = buckets.filter((b) => !found.has(b))
      for (const [bucket, tally] of await rebuildNow(eventId, broken)) found.set(bucket, tally)
      return found
    })
  }

  /** The current entries of these buckets (null: missing or malformed); the caller holds the lock. */
  async function bucketsNow(eventId: string, buckets: readonly number[]) {
    const mine = kept.get(eventId)
    const current =
      mine && (await generations.findOne({ _id: generationId(eventId) }))?.generation === mine.generation
        ? mine
        : null
    if (!current) kept.delete(eventId)
    const toRead = buckets.filter((bucket) => !current?.buckets.has(bucket))
    // Each by `_id` (FerretDB pushes equality down; `$in` it filters after a full scan), all at once.
    const docs = await Promise.all(toRead.map((bucket) => boards.findOne({ _id: bucketId(eventId, bucket) })))
    const entries = new Map<number, Tally | null>()
    toRead.forEach((bucket, i) => entries.set(bucket, bucketEntries(docs[i], eventId, bucket)))
    for (const bucket of buckets)
      if (!entries.has(bucket)) entries.set(bucket, structuredClone(current!.buckets.get(bucket)!))
    return { entries, kept: current }
  }

  /**
   * Brings these participants' entries in line with their ballots; the caller holds the event's
   * lock. `reread`: ballots read from the store now. `written`: ballots as a write under the ballot's
   * lock left them (tally-marks.ts), taken as they are when newer than the entry (or deleted), and
   * read from the store when not (a stalled lock holder, or a mark from before a rebuild).
   */
  async function applyNow(
    eventId: string,
    reread: ReadonlySet<string>,
    written: ReadonlyMap<string, WrittenBallot>,
  ) {
    const byBucket = new Map<number, string[]>()
    for (const id of new Set([...reread, ...written.keys()])) {
      const bucket = bucketOf(id)
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), id])
    }
    const buckets = [...byBucket.keys()]
    const [{ entries, kept: current }, readBallots] = await Promise.all([
      bucketsNow(eventId, buckets),
      Promise.all([...reread].map((id) => ballots.get(eventId, id))),
    ])
    const ballotOf = new Map<string, WrittenBallot>()
    ;[...reread].forEach((id, i) => ballotOf.set(id, asWritten(readBallots[i] ?? null)))
    const unsure: string[] = []
    for (const [id, ballot] of written) {
      if (reread.has(id)) continue
      if (takesAsWritten(entries.get(bucketOf(id))?.[id], ballot)) ballotOf.set(id, ballot)
      else unsure.push(id)
    }
    const unsureBallots = await Promise.all(unsure.map((id) => ballots.get(eventId, id)))
    unsure.forEach((id, i) => ballotOf.set(id, asWritten(unsureBallots[i] ?? null)))

    const broken: number[] = []
    const writes: AnyBulkWriteOperation<TallyBucketDocument>[] = []
    for (const bucket of buckets) {
      const tally = entries.get(bucket)
      // No (usable) bucket yet: the rebuild reads every ballot, including the ones just written.
      if (!tally) {
        broken.push(bucket)
        continue
      }
      let changed = false
      for (const id of byBucket.get(bucket)!) {
        const ballot = ballotOf.get(id)!
        if (!ballot) {
          // The ballot was deleted (its participant left or was removed): so goes its entry.
          if (tally[id]) {
            delete tally[id]
            changed = true
          }
          continue
        }
        const entry = { revision: ballot.revision, choices: ballot.choices }
        if (sameEntry(tally[id], entry)) continue
        tally[id] = entry
        changed = true
      }
      if (!changed) continue
      writes.push({
        replaceOne: {
          filter: { _id: bucketId(eventId, bucket) },
          replacement: { eventId, bucket, entries: JSON.stringify(tally) },
        },
      })
    }
    if (broken.length > 0) {
      // A rebuild writes a generation of its own: nothing of this apply is kept.
      await Promise.all([
        writes.length > 0 ? boards.bulkWrite(writes, { ordered: false }) : undefined,
        rebuildNow(eventId, broken),
      ])
      kept.delete(eventId)
      return
    }
    if (writes.length === 0) return
    const generation = randomUUID()
    try {
      // One command for all changed buckets and the new generation.
      await boards.bulkWrite([...writes, generationWrite(eventId, generation)], { ordered: false })
    } catch (error) {
      kept.delete(eventId)
      throw error
    }
    const keptBuckets = new Map(current?.buckets ?? [])
    for (const [bucket, tally] of entries) keptBuckets.set(bucket, tally!)
    keep(eventId, generation, keptBuckets)
  }

  /** Per event: the batch waiting for the running apply (joined by new changes). */
  const next = new Map<string, Batch>()
  const running = new Set<string>()
  /** Per event: the timer that starts a batch nobody waits for (see `gatherMs`). */
  const gathering = new Map<string, NodeJS.Timeout>()
  const gatherMs = options.gatherMs ?? 1_000

  /**
   * The batch that will run after the running apply (if any), created if needed. `now`: someone
   * waits for it; `soon`: nobody does (a marked vote), so it starts `gatherMs` after it was created
   * or after the apply before it ended, unless someone needs it earlier, and takes in every vote
   * marked meanwhile.
   */
  function nextBatch(eventId: string, urgency: 'now' | 'soon'): Batch {
    let batch = next.get(eventId)
    if (!batch) {
      let settle!: (error?: unknown) => void
      const done = new Promise<void>((resolve, reject) => {
        settle = (error) => (error === undefined ? resolve() : reject(error))
      })
      // A batch nobody awaits any more must not surface as an unhandled rejection.
      done.catch(() => undefined)
      batch = { participants: new Set(), horizon: 0, marked: new Set(), urgent: false, done, settle }
      next.set(eventId, batch)
    }
    if (urgency === 'now') batch.urgent = true
    if (!running.has(eventId)) schedule(eventId, batch)
    return batch
  }

  /** Starts the event's waiting batch now if it is urgent, else once it has gathered. */
  function schedule(eventId: string, batch: Batch) {
    const timer = gathering.get(eventId)
    if (batch.urgent) {
      if (timer) clearTimeout(timer)
      gathering.delete(eventId)
      void drain(eventId)
    } else if (!timer) {
      gathering.set(
        eventId,
        setTimeout(() => {
          gathering.delete(eventId)
          if (!running.has(eventId)) void drain(eventId)
        }, gatherMs).unref(),
      )
    }
  }

  /**
   * One batch: under the event's lock, the marks (read there, so they include every mark made before
   * the lock was taken) and the batch's own participants are applied, then those marks removed. A
   * batch that only waits for marks stops waiting for the lock once another replica has applied them.
   */
  async function applyBatch(eventId: string, batch: Batch) {
    const onlyMarks = batch.participants.size === 0
    const appliedElsewhere = () => marks!.appliedUpTo(eventId, batch.horizon)
    if (onlyMarks && (batch.horizon === 0 || (await appliedElsewhere()))) return
    await locks.withLockUnlessDone(
      `board:${eventId}`,
      onlyMarks ? appliedElsewhere : async () => false,
      async () => {
        // Read even by a batch without marks of its own: a participant re-read here must not have an
        // older mark applied over the newer entry later (a removal right after a vote).
        const current = marks ? await marks.read(eventId) : null
        const reread = new Set(batch.participants)
        const written = new Map<string, WrittenBallot>()
        for (const [id, mark] of current?.marks ?? []) {
          if (mark.ballot === undefined) reread.add(id)
          else written.set(id, mark.ballot)
        }
        // Marks unreadable (Redis went away since), or lost with it (the sequence number went back):
        // at least this replica's own marked participants are read again.
        if (!current || current.sequence < batch.horizon) for (const id of batch.marked) reread.add(id)
        if (reread.size + written.size > 0) await applyNow(eventId, reread, written)
        if (current) await marks!.clear(eventId, current.marks)
      },
    )
  }

  /**
   * Applies the event's waiting batch, and the next one at once while someone waits for it. A batch
   * of marks alone, filled while an apply ran, gathers first: under a steady stream of votes, applies
   * back to back cost each vote a few store commands (measured: 0.14-0.2 commands and ~0.7 ms of store
   * CPU per vote with two replicas, against ~1.3 ms for the ballot write itself).
   */
  async function drain(eventId: string) {
    running.add(eventId)
    try {
      // Starts after the caller that created the batch has filled it in.
      await Promise.resolve()
      for (let batch = next.get(eventId); batch; batch = next.get(eventId)) {
        next.delete(eventId)
        try {
          await applyBatch(eventId, batch)
          batch.settle()
        } catch (error) {
          batch.settle(error)
        }
        if (!next.get(eventId)?.urgent) break
      }
    } finally {
      running.delete(eventId)
    }
    const waiting = next.get(eventId)
    if (waiting) schedule(eventId, waiting)
  }

  /** Resolves once every mark of the event made before the call is in the tally. */
  async function settleMarks(eventId: string) {
    const horizon = marks ? await marks.horizon(eventId) : null
    if (horizon === null) return
    const batch = nextBatch(eventId, 'now')
    batch.horizon = Math.max(batch.horizon, horizon)
    await batch.done
  }

  /** The stored buckets' entries, merged; missing or malformed buckets are repaired first. */
  async function readBuckets(eventId: string): Promise<Tally> {
    const tally: Tally = {}
    const seen = new Set<number>()
    for (const doc of await boards.find({ eventId }).toArray()) {
      const entries = bucketEntries(doc, eventId, doc.bucket)
      if (!entries) continue
      seen.add(doc.bucket)
      Object.assign(tally, entries)
    }
    if (seen.size < BUCKETS) {
      const missing = Array.from({ length: BUCKETS }, (_, b) => b).filter((b) => !seen.has(b))
      for (const entries of (await repair(eventId, missing)).values()) Object.assign(tally, entries)
    }
    return tally
  }

  /**
   * A participant's ballot was written or deleted: resolves once the tally holds it (or a newer
   * one), or no longer holds a deleted one. Idempotent: calling it again changes nothing.
   */
  function recorded(eventId: string, participantId: string): Promise<void> {
    const batch = nextBatch(eventId, 'now')
    batch.participants.add(participantId)
    return batch.done
  }

  return {
    recorded,

    /** Resolves once every mark of the event made before the call is in the stored tally. */
    applied: settleMarks,

    /**
     * A participant's ballot was written (or deleted), under its lock: marks it with the ballot as
     * written (tally-marks.ts), so every replica's next tally read lays it over the stored tally,
     * which takes it in behind the answer, and ends the ballot's `lease` in the same step. Resolves
     * true once marked; false when it could not be (no Redis, or it failed): then the caller must
     * wait for `recorded` instead, and release the lease itself.
     */
    async noted(
      eventId: string,
      participantId: string,
      ballot: WrittenBallot,
      lease?: Lease,
    ): Promise<boolean> {
      const number = marks ? await marks.mark(eventId, participantId, ballot, lease) : null
      if (number === null) return false
      const batch = nextBatch(eventId, 'soon')
      batch.horizon = Math.max(batch.horizon, number)
      batch.marked.add(participantId)
      // Nobody waits for this apply: a failure leaves the mark for the next apply.
      batch.done.catch((error: unknown) =>
        log?.warn({ err: error, eventId }, 'could not bring the board tally up to date; the next apply will'),
      )
      return true
    },

    /**
     * The event's whole tally: the stored buckets (missing or malformed ones repaired from the
     * ballots first) with the marks not yet applied laid over them, so a read never waits for an
     * apply. The marks are read first: a mark gone by then was applied, and its bucket was written,
     * before the buckets are read. A mark that is not newer than its entry (rare: the entry came
     * from a newer write, or a lock holder stalled) is not guessed at: the marks are applied under
     * the lock and the buckets read again.
     */
    async read(eventId: string): Promise<Tally> {
      const pending = marks ? await marks.read(eventId) : null
      const tally = await readBuckets(eventId)
      for (const [id, { ballot }] of pending?.marks ?? []) {
        if (ballot === undefined || !takesAsWritten(tally[id], ballot)) {
          await settleMarks(eventId)
          return readBuckets(eventId)
        }
        if (ballot === null) delete tally[id]
        else tally[id] = ballot
      }
      return tally
    },

    /** The repair path: rebuilds all of the event's buckets from its ballots. */
    async rebuild(eventId: string): Promise<Tally> {
      const all = Array.from({ length: BUCKETS }, (_, b) => b)
      const rebuilt = await withEventLock(eventId, () => rebuildNow(eventId, all))
      return Object.assign({}, ...rebuilt.values()) as Tally
    },
  }
}

export type BoardTally = ReturnType<typeof createBoardTally>

declare module 'fastify' {
  interface FastifyInstance {
    boardTally: BoardTally
  }
}

export const boardTallyRepository = fp(
  async function boardTallyRepository(fastify: FastifyInstance) {
    const redis = fastify.hasDecorator('redis') ? fastify.redis : undefined
    const marks = createTallyMarks(redis, fastify.log)
    fastify.decorate(
      'boardTally',
      createBoardTally(fastify.mongo.db, fastify.ballots, { marks, log: fastify.log }),
    )
  },
  { name: 'voting-board-tally', dependencies: ['mongo', 'voting-ballots'] },
)
