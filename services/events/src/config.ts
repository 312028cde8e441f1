import { type Static } from '@sinclair/typebox'
import {
  BaseConfigSchema,
  MongoConfigSchema,
  RedisConfigSchema,
  AmqpConfigSchema,
  AuthConfigSchema,
  RateLimitConfigSchema,
  composeConfigSchema,
} from '@prost/platform'

export const EventsConfigSchema = composeConfigSchema(BaseConfigSchema, MongoConfigSchema, RedisConfigSchema, AmqpConfigSchema, AuthConfigSchema, RateLimitConfigSchema)
export type EventsConfig = Static<typeof EventsConfigSchema>
