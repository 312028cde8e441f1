import { type Static } from '@sinclair/typebox'
import {
  BaseConfigSchema,
  MongoConfigSchema,
  RedisConfigSchema,
  AuthConfigSchema,
  RateLimitConfigSchema,
  composeConfigSchema,
} from '@prost/platform'

export const AccountsConfigSchema = composeConfigSchema(BaseConfigSchema, MongoConfigSchema, RedisConfigSchema, AuthConfigSchema, RateLimitConfigSchema)
export type AccountsConfig = Static<typeof AccountsConfigSchema>
