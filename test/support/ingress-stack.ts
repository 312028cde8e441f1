/**
 * The services in-process on free ports behind a private HAProxy rendered from
 * scripts/stack/routes.json (as in k8s), optionally with the built SPA as the default backend: what
 * the integration, security, resilience and load suites and the browser tests drive. Every service
 * gets its own database and queues, and all of them share a private Redis, so the stack does not
 * spend the per-IP rate-limit budgets other stacks on this machine count in the shared Redis.
 */
import path from 'node:path'
import { freePort } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'
import { serveSpa } from '../../scripts/stack/web.js'
import { testBackends, uniqueName } from './backends.js'
import { privateRedis } from './private-servers.js'
import { serviceNames, type ServiceName } from './services.js'
import {
  addressOf,
  urlOf,
  removePrivateQueues,
  serviceEnv,
  startServiceInstance,
  type ServiceApp,
} from './service-instance.js'

export interface IngressStackOptions {
  /** Extra settings per service, or for every service under '*' (a service's own entry wins). */
  env?: Partial<Record<ServiceName | '*', Record<string, string>>>
  /** Which services to start (default: all). */
  only?: readonly ServiceName[]
  /** Instances per service behind the ingress (default 1). */
  replicas?: Partial<Record<ServiceName, number>>
  /** Serve this built SPA (a web/dist folder) as the ingress's default backend. */
  webDist?: string
  /**
   * The ingress port, chosen by the caller (e.g. so PUBLIC_URL, and with it the Telegram webhook
   * URL, can name the ingress before the services start); a free one by default.
   */
  ingressPort?: number
}

export interface IngressStack {
  /** The ingress, e.g. http://127.0.0.1:PORT. */
  url: string
  port: number
  /** HAProxy's log (warnings, health-check changes such as "Server events/events1 is DOWN"). */
  ingressLog: string
  /** The running instances of each started service. */
  apps: Partial<Record<ServiceName, ServiceApp[]>>
  /** Each started service's database name. */
  databases: Partial<Record<ServiceName, string>>
  /** The settings each started service got beyond the kit's test defaults. */
  env: Partial<Record<ServiceName, Record<string, string>>>
  stop: () => Promise<void>
}

export async function startIngressStack(options: IngressStackOptions = {}): Promise<IngressStack> {
  const backends = testBackends()
  const redis = await privateRedis()
  const apps: IngressStack['apps'] = {}
  const databases: IngressStack['databases'] = {}
  const envs: IngressStack['env'] = {}
  let web: Awaited<ReturnType<typeof serveSpa>> | undefined
  let ingress: Awaited<ReturnType<typeof startHaproxy>> | undefined
  const stop = async () => {
    await ingress?.proc.stop()
    await web?.close()
    for (const list of Object.values(apps)) for (const app of list) await app.close().catch(() => undefined)
    await redis.stop()
    for (const env of Object.values(envs)) await removePrivateQueues(env)
  }
  try {
    const upstreams: Record<string, string[]> = {}
    // Callers after the services they call: events asks voting (automatic finalize), notifications
    // acts through all three.
    const startOrder: readonly ServiceName[] = ['accounts', 'voting', 'events', 'notifications']
    const wanted = options.only ?? serviceNames
    for (const name of startOrder.filter((n) => wanted.includes(n))) {
      // notifications acts as Telegram users through the others' APIs, on their own addresses
      // (serviceEnv gives every service the test INTERNAL_API_TOKEN).
      const internal: Record<string, string> = {}
      if (name === 'events' && apps.voting?.[0]) internal.VOTING_INTERNAL_URL = urlOf(apps.voting[0])
      if (name === 'notifications') {
        for (const [service, key] of [
          ['accounts', 'ACCOUNTS_INTERNAL_URL'],
          ['events', 'EVENTS_INTERNAL_URL'],
          ['voting', 'VOTING_INTERNAL_URL'],
        ] as const) {
          const first = apps[service]?.[0]
          if (first) internal[key] = urlOf(first)
        }
      }
      const env = serviceEnv(name, {
        REDIS_URL: redis.url,
        ...internal,
        ...options.env?.['*'],
        ...options.env?.[name],
      })
      envs[name] = env
      databases[name] = env.MONGODB_DB
      const replicas: ServiceApp[] = (apps[name] = [])
      for (let i = 0; i < (options.replicas?.[name] ?? 1); i++)
        replicas.push(await startServiceInstance(name, env))
      upstreams[name] = replicas.map(addressOf)
    }
    if (options.webDist) {
      const webPort = await freePort()
      web = await serveSpa(path.resolve(options.webDist), webPort)
      upstreams.web = [`127.0.0.1:${webPort}`]
    }
    const port = options.ingressPort ?? (await freePort())
    ingress = await startHaproxy(
      { data: backends.dataDir, logs: backends.logDir },
      port,
      upstreams,
      uniqueName('haproxy'),
    )
    return { url: ingress.url, port, ingressLog: ingress.proc.logFile, apps, databases, env: envs, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
