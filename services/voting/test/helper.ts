/** Builds the voting service on the real test stack (FerretDB, Redis, RabbitMQ) for app.inject() tests. */
import { buildService, uniqueName } from '@prost/platform/testing'
import { votingService } from '../src/app.js'

/**
 * Each build gets its own database and its own expiring event queue (so test files never take
 * each other's messages); pass the same MONGODB_DB and EVENT_QUEUE to build replicas of one service.
 */
export function build(env: Record<string, string> = {}, { listen = false }: { listen?: boolean } = {}) {
  return buildService(
    votingService,
    {
      EVENT_QUEUE: uniqueName('voting-events'),
      EVENT_QUEUE_EXPIRES_MS: '60000',
      READ_MODEL_WAIT_MS: '300',
      BALLOT_RATE_LIMIT_MAX: '1000',
      ...env,
    },
    { listen },
  )
}

export type TestApp = Awaited<ReturnType<typeof build>>
