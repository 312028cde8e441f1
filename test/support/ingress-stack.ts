/**
 * The four services in-process on free ports behind a private HAProxy rendered from
 * scripts/stack/routes.json (as in k8s), optionally with the built SPA as the default backend; used by
 * the JMeter smoke and the browser tests. Every service gets its own database, a private Redis (so the
 * load does not spend the per-IP rate-limit budgets other stacks on this machine count in the shared
 * Redis) and competing-consumer queues of its own on the shared broker.
 */
import path from 'node:path'
import type { Static } from '@sinclair/typebox'
import { type BaseConfigSchema, createServer, loadConfig, type ProstServer } from '@prost/platform'
import { services } from '@prost/all-in-one'
import { freePort } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'
import { serveSpa } from '../../scripts/stack/web.js'
import { testBackends, uniqueName } from './backends.js'
import { privateRedis } from './private-servers.js'

export interface IngressStackOptions {
  /** Extra settings for every service (rate limits, ...). */
  env?: Record<string, string>
  /** Serve this built SPA (a web/dist folder) as the ingress's default backend. */
  webDist?: string
}

export async function startIngressStack(options: IngressStackOptions = {}) {
  const backends = testBackends()
  const redis = await privateRedis()
  const run = uniqueName('stack')
  const running: ProstServer[] = []
  let web: Awaited<ReturnType<typeof serveSpa>> | undefined
  let ingress: Awaited<ReturnType<typeof startHaproxy>> | undefined
  const stop = async () => {
    await ingress?.proc.stop()
    await web?.close()
    for (const app of running) await app.close()
    await redis.stop()
  }
  try {
    const upstreams: Record<string, string[]> = {}
    for (const service of services) {
      const config = loadConfig(service.configSchema, {
        MONGODB_URL: backends.mongoUrl,
        MONGODB_DB: uniqueName(service.name),
        REDIS_URL: redis.url,
        AMQP_URL: backends.amqpUrl,
        MINIO_ENDPOINT: backends.minio.endPoint,
        MINIO_PORT: String(backends.minio.port),
        MINIO_ACCESS_KEY: backends.minio.accessKey,
        MINIO_SECRET_KEY: backends.minio.secretKey,
        EVENT_QUEUE: `${run}.voting`,
        EVENT_QUEUE_EXPIRES_MS: '60000',
        NOTIFICATIONS_QUEUE_PREFIX: `${run}.`,
        LOG_LEVEL: 'warn',
        PORT: '0',
        ...options.env,
      })
      // Every service's schema extends the base one; `services` only knows them as TObject.
      const base = config as typeof config & Static<typeof BaseConfigSchema>
      const app = await createServer({ name: service.name, config: base, metrics: false, logger: false })
      running.push(app)
      await app.register(service.plugin, { config })
      await app.listen({ host: '127.0.0.1', port: 0 })
      upstreams[service.name] = [`127.0.0.1:${(app.server.address() as { port: number }).port}`]
    }
    if (options.webDist) {
      const webPort = await freePort()
      web = await serveSpa(path.resolve(options.webDist), webPort)
      upstreams.web = [`127.0.0.1:${webPort}`]
    }
    const port = await freePort()
    ingress = await startHaproxy({ data: backends.dataDir, logs: backends.logDir }, port, upstreams, uniqueName('haproxy'))
    return { port, url: `http://localhost:${port}`, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
