/** Cover images in MinIO (S3): one object per event, served back through the API (same origin). */
import fp from 'fastify-plugin'
import { Client } from 'minio'
import type { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { registerReadinessCheck } from '@prost/platform'

export interface CoverStoreOptions {
  endPoint: string
  port: number
  useSSL: boolean
  accessKey: string
  secretKey: string
  bucket: string
}

export function createCoverStore(options: CoverStoreOptions) {
  const client = new Client({
    endPoint: options.endPoint,
    port: options.port,
    useSSL: options.useSSL,
    accessKey: options.accessKey,
    secretKey: options.secretKey,
  })
  const { bucket } = options
  return {
    client,
    async ensureBucket() {
      if (!(await client.bucketExists(bucket))) await client.makeBucket(bucket)
    },
    async put(key: string, body: Buffer, contentType: string) {
      await client.putObject(bucket, key, body, body.length, { 'Content-Type': contentType })
    },
    get(key: string): Promise<Readable> {
      return client.getObject(bucket, key)
    },
    async remove(key: string) {
      await client.removeObject(bucket, key)
    },
    ping: () => client.bucketExists(bucket),
  }
}

export type CoverStore = ReturnType<typeof createCoverStore>

declare module 'fastify' {
  interface FastifyInstance {
    covers: CoverStore
  }
}

export const coverStore = fp<CoverStoreOptions>(
  async function coverStore(fastify: FastifyInstance, options) {
    const store = createCoverStore(options)
    // Covers are optional: the service starts without MinIO and reports itself degraded.
    await store
      .ensureBucket()
      .catch((error: Error) => fastify.log.warn({ err: error }, 'cover storage unavailable at start'))
    fastify.decorate('covers', store)
    registerReadinessCheck(fastify, 'minio', () => store.ping(), { critical: false })
  },
  { name: 'events-cover-store' },
)
