/**
 * Series of repeat meetups in MongoDB and the sweeper that creates each occurrence's poll when it is
 * due. Every replica sweeps (the periodic-job pattern of the deadline sweeper). Per series the work
 * runs under the series' lease lock, and per occurrence it is decided by two unique-_id inserts:
 * the claim `<series>:<date>` fixes the event id, and the event insert with that id creates the poll
 * at most once; a crash between them is finished by the next sweep (the claim is found, the event
 * is not). `nextDate` moves on only after the event exists, so no occurrence is skipped by a crash.
 * Stopping takes the same lock, so no poll is created after a stop has answered.
 */
import { ObjectId, type Collection } from 'mongodb'
import type { FastifyBaseLogger } from 'fastify'
import { isDuplicateKey, type DocumentLocks } from '@prost/platform'
import type { EventsRepository } from '../events/events-repository.js'
import { recentHours } from '../events/deadline-due.js'
import { createPeriodicJob } from '../events/periodic-job.js'
import type { OccurrenceDoc, SeriesDoc } from './series-document.js'
import { dueAt, dueHourOf, following, startOf, upcoming } from './series-schedule.js'
import { occurrenceEventDoc } from './series-rules.js'

/** Due hours looked at by each sweep; older ones are caught up by the pass over active series at start. */
const LOOKBACK_HOURS = 48
/** Polls one series may create in one pass (a lead time longer than the interval makes several due). */
const MAX_PER_PASS = 8

export interface SeriesSweeperOptions {
  series: Collection<SeriesDoc>
  occurrences: Collection<OccurrenceDoc>
  locks: DocumentLocks
  repo: EventsRepository
  log: FastifyBaseLogger
  now?: () => Date
}

export type SeriesSweeper = ReturnType<typeof createSeriesSweeper>

export function createSeriesSweeper(options: SeriesSweeperOptions) {
  const { series, occurrences, locks, repo, log } = options
  const clock = options.now ?? (() => new Date())
  const lockKey = (id: string) => `series:${id}`

  /** The occurrence's poll: claimed once, created once (both by unique inserts). */
  async function ensureOccurrence(doc: SeriesDoc, date: string, now: Date) {
    const seriesId = doc._id.toHexString()
    const candidate: OccurrenceDoc = {
      _id: `${seriesId}:${date}`,
      seriesId,
      date,
      eventId: new ObjectId().toHexString(),
      startsAt: startOf(doc, date),
      claimedAt: now,
    }
    let claim = candidate
    try {
      await occurrences.insertOne(candidate)
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
      const existing = await occurrences.findOne({ _id: candidate._id })
      if (!existing) throw error
      claim = existing
    }
    if (await repo.findById(claim.eventId)) return claim
    try {
      await repo.insert(occurrenceEventDoc(doc, claim, now), { series: { id: seriesId, date } })
      log.info({ seriesId, date, eventId: claim.eventId }, 'series poll created')
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
    return claim
  }

  /** Creates whatever polls of one series are due by `now`; safe from any replica at any time. */
  async function processSeries(id: string, now = clock()) {
    if (!ObjectId.isValid(id)) return
    const _id = new ObjectId(id)
    await locks.withLock(lockKey(id), async () => {
      for (let pass = 0; pass < MAX_PER_PASS; pass++) {
        const doc = await series.findOne({ _id })
        if (!doc || doc.status !== 'active' || !doc.nextDate) return
        const date = doc.nextDate
        // Missed entirely (the service was away past its start): skip to the next one still ahead.
        const ahead = upcoming(doc, date, now)
        if (ahead === date) {
          if (dueAt(doc, date).getTime() > now.getTime()) {
            const dueHour = dueHourOf(doc, date)
            if (doc.dueHour !== dueHour) await series.updateOne({ _id }, { $set: { dueHour } })
            return
          }
          await ensureOccurrence(doc, date, now)
        }
        const next = ahead === date ? upcoming(doc, following(doc, date), now) : ahead
        await series.updateOne(
          { _id },
          {
            $set: next
              ? { nextDate: next, dueHour: dueHourOf(doc, next) }
              : { nextDate: null, dueHour: null, status: 'ended' },
          },
        )
      }
    })
  }

  async function sweepIds(ids: ObjectId[]) {
    for (const id of ids) {
      await processSeries(id.toHexString()).catch((error: unknown) =>
        log.warn(
          { err: error, seriesId: id.toHexString() },
          'series poll not created; the next sweep retries',
        ),
      )
    }
  }

  /** The series due in the hours just gone, one equality query per hour. */
  async function scan() {
    for (const hour of recentHours(clock(), LOOKBACK_HOURS)) {
      const due = await series
        .find({ dueHour: hour }, { projection: { _id: 1 } })
        .limit(200)
        .toArray()
      await sweepIds(due.map((d) => d._id))
    }
  }

  /** Every active series (after a start: catches up on anything due longer ago than the lookback). */
  async function catchUp() {
    const active = await series.find({ status: 'active' }, { projection: { _id: 1 } }).toArray()
    await sweepIds(active.map((d) => d._id))
  }

  const job = createPeriodicJob('series sweep', scan, log)

  return {
    processSeries,
    catchUp,
    sweep: job.run,
    start: job.start,
    stop: job.stop,
  }
}
