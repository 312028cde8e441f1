/**
 * MongoDB through the official driver: one pooled client per service, indexes ensured at start,
 * a readiness check, and a clean close. The service only ever writes the subset FerretDB v1 supports
 * (see ARCHITECTURE.md "The MongoDB subset we write").
 */
import fp from 'fastify-plugin'
import { MongoClient, type Db, type IndexDescription } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { registerReadinessCheck } from './readiness.js'

export type IndexPlan = Record<string, IndexDescription[]>

export interface MongoOptions {
  url: string
  dbName: string
  poolSize?: number
  /** Collections and their indexes; created (idempotently) before the service starts serving. */
  indexes?: IndexPlan
  /** How long the driver may look for a server before a call fails (fail fast → 503). */
  serverSelectionTimeoutMs?: number
}

export interface Mongo {
  client: MongoClient
  db: Db
}

declare module 'fastify' {
  interface FastifyInstance {
    mongo: Mongo
  }
}

/**
 * Creates the missing indexes, one call each: FerretDB v1 drops the connection when one
 * createIndexes call names two or more indexes that already exist (every restart would do that).
 */
export async function ensureIndexes(db: Db, plan: IndexPlan) {
  for (const [name, indexes] of Object.entries(plan)) {
    const collection = db.collection(name)
    const existing = new Set(
      (
        await collection
          .listIndexes()
          .toArray()
          .catch(() => [] as { name?: string }[])
      ).map((i) => i.name),
    )
    for (const index of indexes) {
      if (index.name && existing.has(index.name)) continue
      await collection.createIndexes([index])
    }
  }
}

export const mongo = fp<MongoOptions>(
  async function mongo(fastify: FastifyInstance, options) {
    const client = new MongoClient(options.url, {
      maxPoolSize: options.poolSize ?? 20,
      serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000,
      // Also how long the driver's monitor waits for a server's answer to its heartbeat (the driver's
      // default is 30 s). A heartbeat stuck on a connection that went dead in an outage holds the
      // server "unknown", and the service unready, until it times out, however soon the database is
      // back; 10 s keeps that inside a readiness probe's patience.
      connectTimeoutMS: 10_000,
      appName: `prost-${options.dbName}`,
    })
    await client.connect()
    const db = client.db(options.dbName)
    if (options.indexes) await ensureIndexes(db, options.indexes)
    fastify.decorate('mongo', { client, db })
    registerReadinessCheck(fastify, `mongodb:${options.dbName}`, () => db.command({ ping: 1 }))
    fastify.addHook('onClose', async () => {
      await client.close()
    })
    fastify.log.debug({ db: options.dbName }, 'mongodb connected')
  },
  { name: 'mongo', fastify: '5.x' },
)
