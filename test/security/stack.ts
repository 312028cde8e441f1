/**
 * The four services in-process behind a real HAProxy (as test/integration/ingress.test.ts does), with
 * private names for everything they create on the shared backends, plus small helpers the security
 * and resilience suites share: an HS256 signer for forged/expired tokens, database snapshots and a
 * JSON fetch through the ingress.
 */
import { createHmac } from 'node:crypto'
import fp from 'fastify-plugin'
import { MongoClient } from 'mongodb'
import { createServer, loadConfig, type ProstServer } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { services } from '@prost/all-in-one'
import { freePort } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'

/** The secret every in-process service signs with (loadConfig's local default, set explicitly). */
export const JWT_SECRET = 'security-suite-secret-0123456789-abcdefghijklmnop'

export type ServiceName = 'accounts' | 'events' | 'voting' | 'notifications'

export interface StackOptions {
  /** Extra environment per service (or for all with key '*'). */
  env?: Partial<Record<ServiceName | '*', Record<string, string>>>
  /** Which services to start (default all four). */
  only?: ServiceName[]
  /** Replicas per service (default 1). */
  replicas?: Partial<Record<ServiceName, number>>
}

export interface Stack {
  url: string
  apps: Record<string, ProstServer[]>
  databases: Record<ServiceName, string>
  env: Record<ServiceName, Record<string, string>>
  stop: () => Promise<void>
}

export function baseEnv(): Record<string, string> {
  const b = testBackends()
  return {
    MONGODB_URL: b.mongoUrl,
    REDIS_URL: b.redisUrl,
    AMQP_URL: b.amqpUrl,
    MINIO_ENDPOINT: b.minio.endPoint,
    MINIO_PORT: String(b.minio.port),
    MINIO_ACCESS_KEY: b.minio.accessKey,
    MINIO_SECRET_KEY: b.minio.secretKey,
    JWT_SECRET,
    PORT: '0',
    LOG_LEVEL: 'silent',
  }
}

/** One service instance listening on 127.0.0.1 (unwrapped so tests reach its decorators). */
export async function startService(name: ServiceName, env: Record<string, string>) {
  const service = services.find((s) => s.name === name)!
  const config = loadConfig(service.configSchema, env)
  const app = await createServer({
    name,
    config: config as Parameters<typeof createServer>[0]['config'],
    metrics: false,
    logger: false,
  })
  await app.register(fp(service.plugin), { config })
  await app.listen({ host: '127.0.0.1', port: 0 })
  return app
}

export const addressOf = (app: ProstServer) => `127.0.0.1:${(app.server.address() as { port: number }).port}`

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const backends = testBackends()
  const names: ServiceName[] = options.only ?? ['accounts', 'events', 'voting', 'notifications']
  const apps: Record<string, ProstServer[]> = {}
  const databases = {} as Record<ServiceName, string>
  const envs = {} as Record<ServiceName, Record<string, string>>
  const upstreams: Record<string, string[]> = {}
  const stopAll = async () => {
    for (const list of Object.values(apps)) for (const app of list) await app.close().catch(() => undefined)
  }
  try {
    for (const name of names) {
      databases[name] = uniqueName(`sec_${name}`)
      const env: Record<string, string> = {
        ...baseEnv(),
        MONGODB_DB: databases[name],
        ...(name === 'voting'
          ? { EVENT_QUEUE: uniqueName('sec-voting'), EVENT_QUEUE_EXPIRES_MS: '60000' }
          : {}),
        ...(name === 'notifications' ? { NOTIFICATIONS_QUEUE_PREFIX: `${uniqueName('sec')}.` } : {}),
        ...options.env?.['*'],
        ...options.env?.[name],
      }
      envs[name] = env
      apps[name] = []
      for (let i = 0; i < (options.replicas?.[name] ?? 1); i++) apps[name].push(await startService(name, env))
      upstreams[name] = apps[name].map(addressOf)
    }
  } catch (error) {
    await stopAll()
    throw error
  }
  const ingress = await startHaproxy(
    { data: backends.dataDir, logs: backends.logDir },
    await freePort(),
    upstreams,
    uniqueName('haproxy'),
  )
  return {
    url: ingress.url,
    apps,
    databases,
    env: envs,
    stop: async () => {
      await ingress.proc.stop()
      await stopAll()
      await deletePrivateQueues(envs)
    },
  }
}

/** The notifications queues are durable and bound to the shared exchange: remove ours. */
async function deletePrivateQueues(envs: Partial<Record<ServiceName, Record<string, string>>>) {
  const prefix = envs.notifications?.NOTIFICATIONS_QUEUE_PREFIX
  if (!prefix) return
  const amqp = await import('amqplib')
  const conn = await amqp.connect(testBackends().amqpUrl)
  try {
    const ch = await conn.createChannel()
    for (const q of ['notifications.events', 'notifications.reminders']) {
      await ch.deleteQueue(`${prefix}${q}`).catch(() => undefined)
      await ch.deleteQueue(`${prefix}${q}.dead`).catch(() => undefined)
    }
    await ch.close().catch(() => undefined)
  } finally {
    await conn.close().catch(() => undefined)
  }
}

/* ---------------------------------------------------------------- tokens */

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')

/** An HS256 JWT signed with `secret` (or an unsigned alg:none one). */
export function signJwt(
  claims: Record<string, unknown>,
  options: { secret?: string; alg?: 'HS256' | 'none'; expiresInSeconds?: number; iat?: number } = {},
) {
  const alg = options.alg ?? 'HS256'
  const iat = options.iat ?? Math.floor(Date.now() / 1000)
  const payload = { iat, exp: iat + (options.expiresInSeconds ?? 900), ...claims }
  const head = `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`
  if (alg === 'none') return `${head}.`
  return `${head}.${createHmac('sha256', options.secret ?? JWT_SECRET)
    .update(head)
    .digest('base64url')}`
}

/* ---------------------------------------------------------------- snapshots */

export type Snapshot = Record<string, string>

/**
 * Every collection of every database, documents sorted by their JSON text, as one string per
 * collection. `filter` may narrow a collection (see the caller for why).
 */
export async function snapshotDatabases(
  databases: Record<string, string>,
  filter: (db: string, collection: string, doc: Record<string, unknown>) => boolean = () => true,
): Promise<Snapshot> {
  const client = new MongoClient(testBackends().mongoUrl)
  await client.connect()
  try {
    const out: Snapshot = {}
    for (const [service, dbName] of Object.entries(databases)) {
      const db = client.db(dbName)
      const collections = (await db.listCollections({}, { nameOnly: true }).toArray())
        .map((c) => c.name)
        .sort()
      for (const name of collections) {
        const docs = await db.collection(name).find({}).toArray()
        const texts = docs
          .filter((d) => filter(service, name, d as Record<string, unknown>))
          .map((d) => JSON.stringify(d))
          .sort()
        out[`${service}.${name}`] = `[${texts.join(',')}]`
      }
    }
    return out
  } finally {
    await client.close()
  }
}

/* ---------------------------------------------------------------- HTTP */

let ipCounter = 0
/** A distinct client address per request, so per-IP budgets do not mask what the route answers. */
export const nextClientIp = () => {
  ipCounter++
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export interface JsonAnswer<T = unknown> {
  status: number
  headers: Headers
  text: string
  json: T
}

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: {
    token?: string
    body?: unknown
    raw?: string
    headers?: Record<string, string>
    ip?: string
  } = {},
): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = {
    'x-forwarded-for': options.ip ?? nextClientIp(),
    ...options.headers,
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined || options.raw !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = options.raw ?? JSON.stringify(options.body)
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(20_000) })
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json: json as T }
}

export async function until<T>(
  probe: () => Promise<T | undefined | false>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => undefined)
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}
