/** Every Prost service's definition, by name: what the root suites' stacks start. */
import type { FastifyInstance } from 'fastify'
import type { Static, TObject } from '@sinclair/typebox'
import { accountsService } from '@prost/accounts'
import { eventsService } from '@prost/events'
import { votingService } from '@prost/voting'
import { notificationsService } from '@prost/notifications'

/** The shared service-to-service secret every test stack uses (accounts' internal routes, the bot). */
export { TEST_INTERNAL_API_TOKEN } from '@prost/platform/testing'

/**
 * A service definition whatever its config schema. `plugin` is declared as a method so that each
 * service's plugin, which takes its own config type, fits here without a cast.
 */
export interface AnyServiceDefinition {
  name: string
  publicPrefix: string
  configSchema: TObject
  plugin(instance: FastifyInstance, options: { config: Static<TObject> }): Promise<void>
}

/** In the order a stack starts them. */
export const serviceNames = ['accounts', 'events', 'voting', 'notifications'] as const
export type ServiceName = (typeof serviceNames)[number]

export const services: Record<ServiceName, AnyServiceDefinition> = {
  accounts: accountsService,
  events: eventsService,
  voting: votingService,
  notifications: notificationsService,
}
