/**
 * `npm test` runs a 20-second smoke of jmeter/prost.jmx through jmeter/run.sh (Debian's JMeter 2.13
 * through jmeter/launcher, or $JMETER_HOME) against the four services, in-process on free ports behind
 * a private HAProxy rendered from scripts/stack/routes.json, and fails on any failed sample.
 *
 * The services get a private Redis (so the load does not spend the per-IP rate-limit budgets that
 * other stacks on this machine count in the shared Redis) and generous general and ballot limits:
 * JMeter's threads all come from one IP. The per-IP login/registration limit (10 a minute) stays as
 * it is; the plan's set-up spends `users` (3) of it.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, loadConfig, type ProstServer } from '@prost/platform'
import { privateRedis, testBackends, uniqueName } from '@prost/test-support'
import { services } from '@prost/all-in-one'
import { freePort } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'

const root = path.resolve(import.meta.dirname, '../..')
const running: ProstServer[] = []
let ingress: Awaited<ReturnType<typeof startHaproxy>> | undefined
let redis: Awaited<ReturnType<typeof privateRedis>> | undefined
let ingressPort = 0

beforeAll(async () => {
  const backends = testBackends()
  redis = await privateRedis()
  const run = uniqueName('load')
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
      // Competing-consumer queues of their own, so other stacks on the shared broker do not take our messages.
      EVENT_QUEUE: `${run}.voting`,
      EVENT_QUEUE_EXPIRES_MS: '60000',
      NOTIFICATIONS_QUEUE_PREFIX: `${run}.`,
      RATE_LIMIT_MAX: '100000',
      BALLOT_RATE_LIMIT_MAX: '10000',
      LOG_LEVEL: 'warn',
      PORT: '0',
    })
    const app = await createServer({ name: service.name, config, metrics: false, logger: false })
    await app.register(service.plugin, { config })
    await app.listen({ host: '127.0.0.1', port: 0 })
    running.push(app)
    upstreams[service.name] = [`127.0.0.1:${(app.server.address() as { port: number }).port}`]
  }
  ingressPort = await freePort()
  ingress = await startHaproxy({ data: backends.dataDir, logs: backends.logDir }, ingressPort, upstreams, uniqueName('haproxy'))
})

afterAll(async () => {
  await ingress?.proc.stop()
  for (const app of running) await app.close()
  await redis?.stop()
})

function runPlan(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn('bash', [path.join(root, 'jmeter/run.sh'), ...args], { cwd: root, env })
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

describe('JMeter smoke of jmeter/prost.jmx', () => {
  it('runs the user mix for 20 s through the ingress with no failed sample', async () => {
    const results = path.join(testBackends().dataDir, uniqueName('jmeter'))
    mkdirSync(results, { recursive: true })
    const started = Date.now()
    const { code, output } = await runPlan(
      ['jmeter/prost.jmx', '-Jhost=127.0.0.1', `-Jport=${ingressPort}`, '-Jduration=20', '-Jthreads=5', '-Jrampup=2'],
      { ...process.env, PROST_JMETER_RESULTS: results },
    )
    const jtl = /results: (\S+\.jtl)/.exec(output)?.[1]
    expect(jtl, output).toBeTruthy()
    const samples = readFileSync(jtl!, 'utf8').split('\n').filter((line) => /^[0-9]+,/.test(line))
    const failed = samples.filter((line) => line.includes(',false,'))
    console.log(`[load] ${samples.length} samples, ${failed.length} failed, ${Math.round((Date.now() - started) / 1000)} s\n${output.slice(output.indexOf('JMeter summary'))}`)
    expect(samples.length).toBeGreaterThan(0)
    expect(failed, output).toEqual([])
    expect(code, output).toBe(0)
    // Every flow of the mix ran: guests, participants (set-up pool users) and the set-up itself.
    const labels = new Set(samples.map((line) => line.split(',')[2]))
    for (const label of ['setup: create seed event', 'guest: browse events', 'participant: change ballot']) expect(labels, output).toContain(label)
  })
})
