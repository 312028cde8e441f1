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

export const VotingConfigSchema = composeConfigSchema(BaseConfigSchema, MongoConfigSchema, RedisConfigSchema, AmqpConfigSchema, AuthConfigSchema, RateLimitConfigSchema)
export type VotingConfig = Static<typeof VotingConfigSchema>
