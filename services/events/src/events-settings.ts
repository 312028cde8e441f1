/**
 * What the events routes take from the config, read once and decorated as `fastify.eventsSettings`,
 * so route plugins get it the way they get repositories.
 */
import { publicUrls } from '@prost/platform'
import type { EventsConfig } from './config.js'

export interface EventsSettings {
  /** Where the SPA is served; calendar files link to the event's page there. */
  publicUrl: string
  /** Lifetime of an invite-link guest's participant token. */
  participantTokenTtlSeconds: number
}

declare module 'fastify' {
  interface FastifyInstance {
    eventsSettings: EventsSettings
  }
}

export const eventsSettingsFrom = (config: EventsConfig): EventsSettings => ({
  publicUrl: publicUrls(config).primary,
  participantTokenTtlSeconds: config.PARTICIPANT_TOKEN_TTL_DAYS * 86_400,
})
