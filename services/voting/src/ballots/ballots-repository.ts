/**
 * Ballots: one document per (event, participant) with `_id` = `${eventId}:${participantId}`, so
 * concurrent writes by one participant collapse onto one document whose choices are always one
 * write's, whole (each write sets them as one field).
 *
 * Writes of one ballot are also queued one after another in this process. FerretDB v1 runs an
 * update as read-modify-write without a lock (measured: 100 concurrent `$inc`s left 22 distinct
 * values), so without the queue `revision` could repeat and "the last write" would be whichever
 * landed last in the database rather than the last acknowledged. With it, the stored ballot is the
 * one whose answer came last and has the highest revision. Across replicas (one person voting from
 * two devices within the same milliseconds) the last write applied still wins whole; only the
 * revision counter may skip on FerretDB (not on MongoDB).
 */
import fp from 'fastify-plugin'
import type { Collection, Db } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { isDuplicateKey } from '@prost/platform'
import type { Ballot, BallotChoices } from '@prost/contracts'

export interface BallotDocument {
  _id: string
  eventId: string
  participantId: string
  name: string
  choices: BallotChoices
  revision: number
  updatedAt: Date
  /**
   * When each current "yes" was cast (option id → time): kept while the answer stays yes, so a
   * waitlist can be ordered by who said yes first (absent on ballots from before it existed).
   */
  yesAt?: Record<string, Date>
}

export const BALLOTS_COLLECTION = 'ballots'

export const ballotId = (eventId: string, participantId: string) => `${eventId}:${participantId}`

/** The `yesAt` of a new ballot: a yes that was already a yes keeps its time; a new yes is `now`. */
export function yesTimes(
  previous: Pick<BallotDocument, 'choices' | 'yesAt' | 'updatedAt'> | null,
  choices: BallotChoices,
  now: Date,
): Record<string, Date> {
  const times: Record<string, Date> = {}
  for (const [optionId, answer] of Object.entries(choices)) {
    if (answer !== 'yes') continue
    const kept = previous?.choices[optionId] === 'yes'
    times[optionId] = kept ? (previous.yesAt?.[optionId] ?? previous.updatedAt) : now
  }
  return times
}

export function createBallots(db: Db) {
  const ballots: Collection<BallotDocument> = db.collection<BallotDocument>(BALLOTS_COLLECTION)

  const toBallot = (doc: BallotDocument): Ballot => ({
    eventId: doc.eventId,
    participantId: doc.participantId,
    name: doc.name,
    choices: doc.choices,
    revision: doc.revision,
    updatedAt: doc.updatedAt.toISOString(),
  })

  /**
   * One `findAndModify`, no read first: a yes that stays keeps its time through `$min` on its own
   * `yesAt.<option>` path, and every other option of the event (as this replica's read model knows
   * it, plus the ballot's own) has its time removed, so a later yes starts a new time. A ballot
   * without any yes sets `yesAt` whole (to `{}`), so every ballot this code writes has the field;
   * only ballots from before yes times existed lack it, and their kept yeses need their last
   * `updatedAt`: the filter misses them, the upsert collides on `_id`, and `write` falls back to
   * reading first (which also converts them). One trade-off: an option another replica already
   * knows and this one does not yet (read-model lag, the same person voting from two devices within
   * milliseconds) keeps its yes time through this write even though the answer is gone.
   */
  async function writeDirect(
    eventId: string,
    participantId: string,
    name: string,
    choices: BallotChoices,
    optionIds: readonly string[],
  ) {
    const now = new Date()
    const yeses = Object.keys(choices).filter((optionId) => choices[optionId] === 'yes')
    const others = [...new Set([...optionIds, ...Object.keys(choices)])].filter(
      (optionId) => choices[optionId] !== 'yes',
    )
    const common = {
      $inc: { revision: 1 },
      $setOnInsert: { eventId, participantId },
    }
    if (yeses.length === 0) {
      return ballots.findOneAndUpdate(
        { _id: ballotId(eventId, participantId) },
        { ...common, $set: { choices, name, updatedAt: now, yesAt: {} } },
        { upsert: true, returnDocument: 'after' },
      )
    }
    return ballots.findOneAndUpdate(
      { _id: ballotId(eventId, participantId), yesAt: { $exists: true } },
      {
        ...common,
        $set: { choices, name, updatedAt: now },
        $min: Object.fromEntries(yeses.map((optionId) => [`yesAt.${optionId}`, now])),
        ...(others.length > 0 && {
          $unset: Object.fromEntries(others.map((optionId) => [`yesAt.${optionId}`, ''])),
        }),
      },
      { upsert: true, returnDocument: 'after' },
    )
  }

  /** Read first, then write `yesAt` whole: for ballots without `yesAt` and after a first-write race. */
  async function writeAfterRead(
    eventId: string,
    participantId: string,
    name: string,
    choices: BallotChoices,
  ) {
    const now = new Date()
    const previous = await ballots.findOne({ _id: ballotId(eventId, participantId) })
    return ballots.findOneAndUpdate(
      { _id: ballotId(eventId, participantId) },
      {
        $set: { choices, name, updatedAt: now, yesAt: yesTimes(previous, choices, now) },
        $inc: { revision: 1 },
        $setOnInsert: { eventId, participantId },
      },
      { upsert: true, returnDocument: 'after' },
    )
  }

  async function write(
    eventId: string,
    participantId: string,
    name: string,
    choices: BallotChoices,
    optionIds: readonly string[],
  ) {
    // A collision on `_id` means a ballot without `yesAt`, or two first writes (from two replicas)
    // that both tried to insert: either way the next attempt reads first and updates what it found.
    for (let attempt = 0; ; attempt++) {
      try {
        const doc =
          attempt === 0
            ? await writeDirect(eventId, participantId, name, choices, optionIds)
            : await writeAfterRead(eventId, participantId, name, choices)
        if (!doc) throw new Error('ballot upsert returned no document')
        return toBallot(doc)
      } catch (error) {
        if (!isDuplicateKey(error) || attempt >= 5) throw error
      }
    }
  }

  /** The tail of each ballot's write queue; removed when the queue empties. */
  const queues = new Map<string, Promise<unknown>>()

  return {
    /** Replaces the ballot; `optionIds`: the event's options, whose yes times a non-yes answer clears. */
    put(
      eventId: string,
      participantId: string,
      name: string,
      choices: BallotChoices,
      optionIds: readonly string[],
    ): Promise<Ballot> {
      const key = ballotId(eventId, participantId)
      const previous = queues.get(key) ?? Promise.resolve()
      const mine = previous
        .catch(() => undefined)
        .then(() => write(eventId, participantId, name, choices, optionIds))
      queues.set(key, mine)
      void mine
        .catch(() => undefined)
        .finally(() => {
          if (queues.get(key) === mine) queues.delete(key)
        })
      return mine
    },

    async get(eventId: string, participantId: string): Promise<Ballot | null> {
      const doc = await ballots.findOne({ _id: ballotId(eventId, participantId) })
      return doc ? toBallot(doc) : null
    },

    /** Every ballot of the event: only the tally's repair path reads them all (see board-tally.ts). */
    async forEvent(eventId: string) {
      return ballots
        .find({ eventId }, { projection: { participantId: 1, choices: 1, revision: 1 } })
        .toArray()
    },

    /** Every ballot with the times of its yeses: read once per finalize with a capacity (yes-order.ts). */
    async yesTimesOf(eventId: string) {
      return ballots
        .find({ eventId }, { projection: { participantId: 1, choices: 1, yesAt: 1, updatedAt: 1 } })
        .toArray()
    },

    /**
     * Deletes a participant's ballot (they left or were removed); idempotent. Queued behind this
     * process's writes of the same ballot, so a vote still in flight cannot land after the delete.
     */
    remove(eventId: string, participantId: string): Promise<void> {
      const key = ballotId(eventId, participantId)
      const previous = queues.get(key) ?? Promise.resolve()
      const mine = previous
        .catch(() => undefined)
        .then(async () => void (await ballots.deleteOne({ _id: key })))
      queues.set(key, mine)
      void mine
        .catch(() => undefined)
        .finally(() => {
          if (queues.get(key) === mine) queues.delete(key)
        })
      return mine
    },
  }
}

export type Ballots = ReturnType<typeof createBallots>

declare module 'fastify' {
  interface FastifyInstance {
    ballots: Ballots
  }
}

export const ballotsRepository = fp(
  async function ballotsRepository(fastify: FastifyInstance) {
    fastify.decorate('ballots', createBallots(fastify.mongo.db))
  },
  { name: 'voting-ballots', dependencies: ['mongo'] },
)
