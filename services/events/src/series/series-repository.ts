/**
 * Series of repeat meetups: stored, read with their occurrences, stopped; decorated as
 * `fastify.seriesRepository` together with the sweeper that creates their polls.
 */
import fp from 'fastify-plugin'
import { ObjectId, type Collection } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { createDocumentLocks } from '@prost/platform'
import {
  OCCURRENCES_COLLECTION,
  SERIES_COLLECTION,
  toSeries,
  type OccurrenceDoc,
  type SeriesDoc,
} from './series-document.js'
import { createSeriesSweeper } from './series-sweeper.js'

export function createSeriesRepository(fastify: FastifyInstance, now?: () => Date) {
  const series: Collection<SeriesDoc> = fastify.mongo.db.collection<SeriesDoc>(SERIES_COLLECTION)
  const occurrences: Collection<OccurrenceDoc> =
    fastify.mongo.db.collection<OccurrenceDoc>(OCCURRENCES_COLLECTION)
  const locks = createDocumentLocks(fastify.mongo.db)
  const sweeper = createSeriesSweeper({
    series,
    occurrences,
    locks,
    repo: fastify.eventsRepository,
    log: fastify.log,
    ...(now ? { now } : {}),
  })

  const find = (id: string) =>
    ObjectId.isValid(id) && id.length === 24
      ? series.findOne({ _id: new ObjectId(id) })
      : Promise.resolve(null)

  return {
    sweeper,
    find,

    /** Stores a new series and creates its first poll at once if that is already due. */
    async insert(doc: SeriesDoc) {
      await series.insertOne(doc)
      await sweeper.processSeries(doc._id.toHexString())
      return doc
    },

    /** The series started from an event, newest first (one equality on `sourceEventId`). */
    async listFrom(eventId: string) {
      const docs = await series.find({ sourceEventId: eventId }).limit(50).toArray()
      docs.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      return Promise.all(docs.map((doc) => this.view(doc)))
    },

    /** The series as the API shows it: with the polls created so far (one equality on `seriesId`). */
    async view(doc: SeriesDoc) {
      const created = await occurrences.find({ seriesId: doc._id.toHexString() }).toArray()
      return toSeries(doc, created)
    },

    /** Stops future polls (those created stay): under the series' lock, so none follows the stop. */
    async stop(id: ObjectId, at = new Date()) {
      await locks.withLock(`series:${id.toHexString()}`, async () => {
        const doc = await series.findOne({ _id: id })
        if (!doc || doc.status !== 'active') return
        await series.updateOne(
          { _id: id },
          { $set: { status: 'stopped', stoppedAt: at, nextDate: null, dueHour: null } },
        )
      })
      return series.findOne({ _id: id })
    },
  }
}

export type SeriesRepository = ReturnType<typeof createSeriesRepository>

declare module 'fastify' {
  interface FastifyInstance {
    seriesRepository: SeriesRepository
  }
}

export const seriesRepository = fp(
  async function seriesRepository(fastify: FastifyInstance, options: { sweepMs: number }) {
    const repository = createSeriesRepository(fastify)
    fastify.decorate('seriesRepository', repository)
    fastify.addHook('onReady', async () => {
      repository.sweeper.start(options.sweepMs)
      void repository.sweeper
        .catchUp()
        .catch((error: unknown) => fastify.log.warn({ err: error }, 'series catch-up failed; sweeps go on'))
    })
    fastify.addHook('preClose', async () => repository.sweeper.stop())
  },
  { name: 'series-repository', dependencies: ['mongo', 'events-repository'] },
)
