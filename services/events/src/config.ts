import { Type, type Static } from '@sinclair/typebox'
import { AmqpConfigSchema, InternalApiConfigSchema, serviceConfigSchema } from '@prost/platform'

export const MinioConfigSchema = Type.Object({
  MINIO_ENDPOINT: Type.String({ default: '127.0.0.1' }),
  MINIO_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 9000 }),
  MINIO_USE_SSL: Type.Boolean({ default: false }),
  MINIO_ACCESS_KEY: Type.String({ default: 'prost-local' }),
  MINIO_SECRET_KEY: Type.String({ default: 'prost-local-secret-key' }),
  MINIO_BUCKET: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{2,62}$', default: 'prost-covers' }),
})

export const EventsTuningSchema = Type.Object({
  /** Lifetime of an invite-link guest's participant token. */
  PARTICIPANT_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 60 }),
  /** How often the outbox relay looks for messages a crash or broker outage left unpublished. */
  OUTBOX_SWEEP_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 2000 }),
  /** How often the deadline sweeper looks for events to finalize automatically (autoFinalize). */
  DEADLINE_SWEEP_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
  /** How often the series sweeper looks for repeat meetups whose next poll is due. */
  SERIES_SWEEP_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 60_000 }),
  /** Voting's own address (not the ingress): the sweeper asks it what to finalize with. */
  VOTING_INTERNAL_URL: Type.String({ default: 'http://127.0.0.1:3003', pattern: '^https?://' }),
  /** Off switch for benchmarks comparing with and without the cache. */
  CACHE_ENABLED: Type.Boolean({ default: true }),
})

export const EventsConfigSchema = serviceConfigSchema(
  AmqpConfigSchema,
  MinioConfigSchema,
  EventsTuningSchema,
  InternalApiConfigSchema,
)
export type EventsConfig = Static<typeof EventsConfigSchema>
