/**
 * The backing stores: reuse what already answers on the standard loopback ports (Redis, RabbitMQ,
 * PostgreSQL under FerretDB), start private instances of the rest (FerretDB, MinIO, Toxiproxy) on free ports.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { freePort, isPortOpen, waitForPort, waitUntil } from './net.js'
import { startProcess, type Managed } from './processes.js'

const run = promisify(execFile)

export interface StackDirs {
  data: string
  logs: string
}

export function requireBin(envName: string, what: string): string {
  const bin = process.env[envName]
  if (!bin) throw new Error(`${envName} is not set: run through \`npm start\`/\`npm test\`, which build ${what}.`)
  return bin
}

/** FerretDB on PostgreSQL when `postgresUrl` is given (see postgres.ts for why), else on SQLite files. */
export async function startFerretDb(dirs: StackDirs, preferredPort?: number, postgresUrl?: string) {
  const bin = requireBin('PROST_FERRETDB_BIN', 'FerretDB')
  const port = preferredPort && !(await isPortOpen(preferredPort)) ? preferredPort : await freePort()
  const dataDir = path.join(dirs.data, 'ferretdb')
  mkdirSync(dataDir, { recursive: true })
  const proc = startProcess(
    'ferretdb',
    bin,
    [
      ...(postgresUrl ? ['--handler=pg', `--postgresql-url=${postgresUrl}`] : ['--handler=sqlite', `--sqlite-url=file:${dataDir}/`]),
      `--listen-addr=127.0.0.1:${port}`,
      `--debug-addr=127.0.0.1:${await freePort()}`,
      '--telemetry=disable',
      '--log-level=warn',
      '--state-dir=' + dataDir,
    ],
    { logDir: dirs.logs },
  )
  await waitForPort(port, 30_000, `FerretDB did not start on port ${port}; see ${proc.logFile}`)
  return { url: `mongodb://127.0.0.1:${port}/`, port, proc }
}

async function redisPing(port: number) {
  const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { timeout: 2000 })
  return stdout.trim() === 'PONG'
}

/** A Redis of our own on a free port: for a laptop without one, and for tests that stop Redis. */
export async function startPrivateRedis(dirs: StackDirs, name = 'redis') {
  const port = await freePort()
  const proc = startProcess(
    name,
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dirs.data],
    { logDir: dirs.logs },
  )
  await waitUntil(() => redisPing(port), 15_000, `redis-server did not start on ${port}; see ${proc.logFile}`)
  return { url: `redis://127.0.0.1:${port}`, port, proc }
}

export async function ensureRedis(dirs: StackDirs): Promise<{ url: string; proc?: Managed }> {
  if (await redisPing(6379).catch(() => false)) return { url: 'redis://127.0.0.1:6379' }
  return startPrivateRedis(dirs)
}

/**
 * RabbitMQ is too heavy to run privately per run: reuse the local broker, start it if it is down.
 * "Down" must be certain, because whoever starts it also stops it afterwards: a busy machine can
 * miss a port probe, so probe patiently and ask the node itself before starting anything.
 */
export async function ensureRabbitMq(): Promise<{ url: string; startedHere: boolean }> {
  const url = 'amqp://guest:guest@127.0.0.1:5672'
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await isPortOpen(5672, '127.0.0.1', 2000)) return { url, startedHere: false }
  }
  const nodeAnswers = await run('rabbitmq-diagnostics', ['-q', 'ping'], { timeout: 30_000 }).then(() => true, () => false)
  if (!nodeAnswers) {
    await run('rabbitmq-server', ['-detached']).catch((error: Error) => {
      throw new Error(`RabbitMQ is not running and could not be started (${error.message}). Start it with 'rabbitmq-server -detached'.`)
    })
  }
  await waitForPort(5672, 90_000, 'RabbitMQ did not open port 5672 within 90 s; see /var/log/rabbitmq/')
  return { url, startedHere: !nodeAnswers }
}

export async function stopRabbitMq() {
  await run('rabbitmqctl', ['stop']).catch(() => undefined)
}

export async function startMinio(dirs: StackDirs, preferredPort?: number) {
  const bin = requireBin('PROST_MINIO_BIN', 'MinIO')
  const port = preferredPort && !(await isPortOpen(preferredPort)) ? preferredPort : await freePort()
  const consolePort = await freePort()
  const dataDir = path.join(dirs.data, 'minio')
  mkdirSync(dataDir, { recursive: true })
  const accessKey = 'prost-local'
  const secretKey = 'prost-local-secret-key'
  const proc = startProcess(
    'minio',
    bin,
    ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'],
    {
      logDir: dirs.logs,
      env: {
        ...process.env,
        MINIO_ROOT_USER: accessKey,
        MINIO_ROOT_PASSWORD: secretKey,
        MINIO_UPDATE: 'off',
        MINIO_CALLHOME_ENABLE: 'off',
        MINIO_BROWSER: 'off',
      },
    },
  )
  await waitUntil(
    async () => (await fetch(`http://127.0.0.1:${port}/minio/health/live`)).ok,
    60_000,
    `MinIO did not become healthy on ${port}; see ${proc.logFile}`,
  )
  return { endpoint: '127.0.0.1', port, accessKey, secretKey, proc }
}

export async function startToxiproxy(dirs: StackDirs) {
  const bin = requireBin('PROST_TOXIPROXY_BIN', 'Toxiproxy')
  const port = await freePort()
  const proc = startProcess('toxiproxy', bin, ['-host', '127.0.0.1', '-port', String(port)], { logDir: dirs.logs })
  await waitForPort(port, 15_000, `Toxiproxy did not start; see ${proc.logFile}`)
  return { url: `http://127.0.0.1:${port}`, proc }
}
