/**
 * The backends a test or benchmark run needs: private FerretDB (on a throwaway PostgreSQL database),
 * MinIO and Toxiproxy on free ports, the local Redis and RabbitMQ (started if absent; a vhost of the
 * run's own, see rabbitmq-vhost.ts). Returns the environment that points at them and a stop function
 * that stops exactly what was started here.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stopAll } from './processes.js'
import {
  ensureRabbitMq,
  ensureRedis,
  startFerretDb,
  startMinio,
  startToxiproxy,
  stopRabbitMq,
} from './stores.js'
import { ensurePostgres, type Postgres } from './postgres.js'
import { privateVhost, type RunVhost } from './rabbitmq-vhost.js'

export async function startBackends(root: string, purpose: 'test' | 'bench') {
  const data = mkdtempSync(path.join(os.tmpdir(), `prost-${purpose}-`))
  const logs = path.join(root, '.data', `${purpose}-logs`)
  mkdirSync(logs, { recursive: true })
  const dirs = { data, logs }
  let rabbitStartedHere = false
  let postgres: Postgres | undefined
  let vhost: RunVhost | undefined
  const stop = async () => {
    await stopAll({ keep: postgres?.proc })
    await vhost?.drop()
    await postgres?.drop()
    await postgres?.proc?.stop()
    if (rabbitStartedHere) await stopRabbitMq()
    rmSync(data, { recursive: true, force: true })
  }
  try {
    postgres = await ensurePostgres(dirs, `prost_${purpose}_${process.pid}_${Date.now().toString(36)}`)
    const [ferret, redis, rabbit, minio, toxiproxy] = await Promise.all([
      startFerretDb(dirs, undefined, postgres?.url),
      ensureRedis(dirs),
      ensureRabbitMq(),
      startMinio(dirs),
      startToxiproxy(dirs),
    ])
    rabbitStartedHere = rabbit.startedHere
    vhost = await privateVhost(rabbit.url, purpose)
    console.log(
      `[prost] ${purpose} backends: FerretDB ${ferret.url} on ${postgres ? postgres.via : 'SQLite'} · Redis ${redis.url} · RabbitMQ ${vhost.url.replace(/\/\/[^@]*@/, '//')} · ` +
        `MinIO 127.0.0.1:${minio.port} · Toxiproxy ${toxiproxy.url} (logs in ${logs})`,
    )
    const env = {
      ...process.env,
      MONGODB_URL: ferret.url,
      // FerretDB's own PostgreSQL database (empty on SQLite): store-level tests look at its plans.
      PROST_POSTGRES_URL: postgres?.url ?? '',
      REDIS_URL: redis.url,
      AMQP_URL: vhost.url,
      MINIO_ENDPOINT: minio.endpoint,
      MINIO_PORT: String(minio.port),
      MINIO_ACCESS_KEY: minio.accessKey,
      MINIO_SECRET_KEY: minio.secretKey,
      TOXIPROXY_URL: toxiproxy.url,
      PROST_TEST_DATA_DIR: data,
      PROST_TEST_LOG_DIR: logs,
    }
    return { env, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

/** Stops the backends on Ctrl-C / SIGTERM too. */
export function stopOnSignals(stop: () => Promise<void>) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void stop().finally(() => process.exit(130)))
  }
}
