/** Addresses of the real servers `npm test` started (scripts/stack/test-run.ts), and unique names. */
import { randomBytes } from 'node:crypto'

function need(name: string): string {
  const value = process.env[name]
  if (!value)
    throw new Error(`${name} is not set: run the tests through \`npm test\`, which starts the backends.`)
  return value
}

export const testBackends = () => ({
  mongoUrl: need('MONGODB_URL'),
  redisUrl: need('REDIS_URL'),
  amqpUrl: need('AMQP_URL'),
  minio: {
    endPoint: need('MINIO_ENDPOINT'),
    port: Number(need('MINIO_PORT')),
    accessKey: need('MINIO_ACCESS_KEY'),
    secretKey: need('MINIO_SECRET_KEY'),
  },
  toxiproxyUrl: need('TOXIPROXY_URL'),
  dataDir: need('PROST_TEST_DATA_DIR'),
  logDir: need('PROST_TEST_LOG_DIR'),
})

/** A name no other test file or run uses: databases, queues, key prefixes. */
export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
