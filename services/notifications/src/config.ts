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

export const NotificationsConfigSchema = composeConfigSchema(BaseConfigSchema, MongoConfigSchema, RedisConfigSchema, AmqpConfigSchema, AuthConfigSchema, RateLimitConfigSchema)
export type NotificationsConfig = Static<typeof NotificationsConfigSchema>
