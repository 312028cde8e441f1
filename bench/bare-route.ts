/**
 * The bare route: a constant JSON answer on the same server kit the services use (createServer and
 * listenWithGrace, as runService starts a service, plus the service kit's per-request hooks: the
 * Redis-backed rate limit every public route passes, and the auth plugin its key generator uses),
 * run as its own process behind the bench ingress (bench/ingress-stack.ts). It is the baseline for
 * "vs bare route" rows: what the ingress hop, the process boundary and the kit's hooks cost with no
 * work behind them. (Until stop 22 it skipped the service kit, so its baseline had no Redis round
 * trip while every route it was compared with paid one.) No MongoDB or RabbitMQ: nothing here uses them.
 */
import {
  AuthConfigSchema,
  BaseConfigSchema,
  composeConfigSchema,
  createServer,
  listenWithGrace,
  loadConfigOrExit,
  RateLimitConfigSchema,
  RedisConfigSchema,
  serviceKit,
} from '@prost/platform'

const config = loadConfigOrExit(
  'bare',
  composeConfigSchema(BaseConfigSchema, RedisConfigSchema, AuthConfigSchema, RateLimitConfigSchema),
)
const app = await createServer({ name: 'bare', config, docsPrefix: '/bare/docs' })
const body = { id: '64b000000000000000000001', title: 'Constant', status: 'polling' }
await app.register(async (bare) => {
  const { REDIS_URL, JWT_SECRET, RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS, RATE_LIMIT_NAMESPACE } = config
  await serviceKit(bare, {
    service: 'bare',
    config: { REDIS_URL, JWT_SECRET, RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_SECONDS, RATE_LIMIT_NAMESPACE },
  })
  bare.get('/bare', async () => body)
})
await listenWithGrace(app, config)
