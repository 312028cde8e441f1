/**
 * All four services in one Fastify instance. Each is registered as its own encapsulated plugin with
 * its own config (and so its own database and clients); their routes do not overlap because every
 * service owns its public path prefix.
 */
import type { FastifyInstance } from 'fastify'
import { loadConfig, type ServiceDefinition } from '@prost/platform'
import type { TObject } from '@sinclair/typebox'
import { accountsService } from '@prost/accounts'
import { eventsService } from '@prost/events'
import { votingService } from '@prost/voting'
import { notificationsService } from '@prost/notifications'

export const services: ServiceDefinition<TObject>[] = [
  accountsService,
  eventsService,
  votingService,
  notificationsService,
] as unknown as ServiceDefinition<TObject>[]

/** Registers every service; `env` is shared, except that each service gets its own database. */
export async function mountAll(app: FastifyInstance, env: NodeJS.ProcessEnv) {
  for (const service of services) {
    const config = loadConfig(service.configSchema, { ...env, MONGODB_DB: `prost_${service.name}` })
    await app.register(service.plugin, { config })
  }
}
