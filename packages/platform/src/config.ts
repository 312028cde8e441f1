/**
 * Configuration from the environment: one schema per service, composed from the pieces below.
 * This is the only module that reads process.env.
 */
import { envSchema } from 'env-schema'
import { Type, type Static, type TComposite, type TObject } from '@sinclair/typebox'

export const AppEnv = Type.Union([Type.Literal('local'), Type.Literal('dev'), Type.Literal('prod')], {
  default: 'local',
})

export const BaseConfigSchema = Type.Object({
  APP_ENV: AppEnv,
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /**
   * Origin(s) the SPA is served from, comma-separated; CORS allows exactly these. The first is the
   * address links in messages point to. Read it through `publicUrls(config)`.
   */
  PUBLIC_URL: Type.String({ default: 'http://localhost:8080' }),
  /** Seconds in-flight requests get to finish after SIGTERM. */
  SHUTDOWN_GRACE_SECONDS: Type.Integer({ minimum: 1, maximum: 300, default: 20 }),
  /** Proxies whose X-Forwarded-For is believed (the ingress); comma-separated addresses or CIDRs. */
  TRUST_PROXY: Type.String({ default: '127.0.0.1,::1' }),
})

export const MongoConfigSchema = Type.Object({
  MONGODB_URL: Type.String({ pattern: '^mongodb(\\+srv)?://' }),
  MONGODB_DB: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,63}$' })),
  MONGODB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 500, default: 20 }),
})

export const RedisConfigSchema = Type.Object({
  REDIS_URL: Type.String({ pattern: '^rediss?://', default: 'redis://127.0.0.1:6379' }),
  CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, maximum: 86400, default: 60 }),
})

export const AmqpConfigSchema = Type.Object({
  AMQP_URL: Type.String({ pattern: '^amqps?://' }),
})

export const AuthConfigSchema = Type.Object({
  JWT_SECRET: Type.String({ minLength: 32, description: 'HMAC secret for access tokens' }),
  JWT_ACCESS_TTL_SECONDS: Type.Integer({ minimum: 30, maximum: 86400, default: 900 }),
})

export const RateLimitConfigSchema = Type.Object({
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 300 }),
  RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  RATE_LIMIT_NAMESPACE: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9_.-]{1,64}$',
      description:
        'Prefix of the rate-limit budgets in Redis, for deployments (or test files) that share one Redis ' +
        'but must not share budgets; replicas of one deployment use the same value',
    }),
  ),
})

export interface PublicUrls {
  /** Where links in messages and calendar files point: the first origin, without a trailing slash. */
  primary: string
  /** Every origin the SPA may be served from (CORS). */
  origins: string[]
}

/** PUBLIC_URL parsed: the one place that knows it is a comma-separated list. */
export function publicUrls(config: { PUBLIC_URL: string }): PublicUrls {
  const origins = config.PUBLIC_URL.split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean)
  return { primary: origins[0] ?? '', origins }
}

/** Names of variables that hold secrets: redacted from logs and never echoed in errors. */
export const SECRET_KEYS = [
  'JWT_SECRET',
  'MINIO_SECRET_KEY',
  'TELEGRAM_BOT_TOKEN',
  'TELEGRAM_WEBHOOK_SECRET',
  'INTERNAL_API_TOKEN',
]

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Defaults that only make sense on a laptop; in dev/prod the variable must be set. */
const LOCAL_DEFAULTS: Record<string, string> = {
  JWT_SECRET: 'local-only-secret-do-not-use-in-production-0123456789',
  MONGODB_URL: 'mongodb://127.0.0.1:27017/',
  AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
}

/** One service's schema from the pieces it needs, e.g. compose(BaseConfigSchema, MongoConfigSchema). */
export const composeConfigSchema = <T extends TObject[]>(...parts: [...T]): TComposite<T> =>
  Type.Composite(parts)

/**
 * A service's schema: what every Prost service reads (base, MongoDB, Redis, access tokens, rate
 * limits) plus the pieces of its own, e.g. `serviceConfigSchema(AmqpConfigSchema, VotingOwnSchema)`.
 */
/** What every Prost service reads. */
type KitConfigParts = [
  typeof BaseConfigSchema,
  typeof MongoConfigSchema,
  typeof RedisConfigSchema,
  typeof AuthConfigSchema,
  typeof RateLimitConfigSchema,
]

export const serviceConfigSchema = <T extends TObject[]>(
  ...own: [...T]
): TComposite<[...KitConfigParts, ...T]> =>
  composeConfigSchema(
    BaseConfigSchema,
    MongoConfigSchema,
    RedisConfigSchema,
    AuthConfigSchema,
    RateLimitConfigSchema,
    ...own,
  )

/**
 * Validates the environment against the schema; throws a ConfigError naming every missing or bad
 * variable (values of secret variables are never repeated back).
 */
export function loadConfig<S extends TObject>(schema: S, env: NodeJS.ProcessEnv = process.env): Static<S> {
  const appEnv = env.APP_ENV ?? 'local'
  const data: Record<string, string | undefined> = { ...env }
  if (appEnv === 'local') {
    for (const [key, value] of Object.entries(LOCAL_DEFAULTS)) {
      if (key in schema.properties && data[key] === undefined) data[key] = value
    }
  }
  try {
    return envSchema<Static<S>>({ schema, data, env: false, dotenv: false })
  } catch (error) {
    throw new ConfigError(describeConfigError(error as ConfigValidationError))
  }
}

type ConfigValidationError = Error & {
  errors?: { instancePath: string; message?: string; params?: { missingProperty?: string } }[]
}

function describeConfigError(error: ConfigValidationError): string {
  const problems = (error.errors ?? []).map((e) => {
    if (e.params?.missingProperty) return `${e.params.missingProperty} is required but not set`
    const name = e.instancePath.replace(/^\//, '')
    return `${name} ${e.message ?? 'is invalid'}`
  })
  if (problems.length === 0) problems.push(error.message)
  return `Invalid configuration: ${problems.join('; ')}. Set the variable(s) in the environment (see README "Configuration").`
}
