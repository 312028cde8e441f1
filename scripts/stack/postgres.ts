/**
 * PostgreSQL as FerretDB's storage. FerretDB v1's SQLite backend cannot use its `_id` index (every
 * lookup scans the collection) and serializes writers behind one database lock ("SQLITE_BUSY" under
 * concurrency); on PostgreSQL the same calls are 5–30× faster (measured here: update by _id 33 → 6 ms
 * at 10k documents, count by status 339 → 10 ms, 200 parallel updates 9.2 → 0.6 s).
 *
 * Which server: the local one on 127.0.0.1:5432 (PROST_POSTGRES_PORT) when it takes the `postgres` role without a password
 * (Debian's default for local connections), else a private cluster of our own (initdb from Debian's
 * `postgresql` package) on a free port. Each run gets its own database; none means the caller falls
 * back to SQLite.
 */
import { execFile } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freePort, waitUntil } from './net.js'
import { startProcess, type Managed } from './processes.js'
import type { StackDirs } from './stores.js'

const run = promisify(execFile)
const GIN_INDEXES_SQL = fileURLToPath(new URL('ferretdb-gin-indexes.sql', import.meta.url))

export interface Postgres {
  /** postgres://… of the run's own database. */
  url: string
  via: string
  proc?: Managed
  /** Drops the run's database (throwaway runs only). */
  drop: () => Promise<void>
}

async function psql(port: number, sql: string) {
  const { stdout } = await run(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-XAtqc', sql],
    { timeout: 10_000, env: { ...process.env, PGCONNECT_TIMEOUT: '3' } },
  )
  return stdout.trim()
}

/**
 * GIN twins of FerretDB's indexes (ferretdb-gin-indexes.sql says why): without them every FerretDB
 * query on PostgreSQL scans its whole table. Needs the superuser the local server and the private
 * cluster both give us; without it FerretDB still works, only slowly, and we say so.
 */
async function installFerretDbGinIndexes(port: number, database: string) {
  await run(
    'psql',
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-XAtq', '-v', 'ON_ERROR_STOP=1', '-f', GIN_INDEXES_SQL],
    { timeout: 120_000, env: { ...process.env, PGCONNECT_TIMEOUT: '3' } },
  ).catch((error: Error) =>
    console.warn(`[prost] FerretDB's queries will scan whole tables: installing ${GIN_INDEXES_SQL} failed (${error.message.split('\n')[0]})`),
  )
}

async function answers(port: number) {
  return (await psql(port, 'select 1').catch(() => '')) === '1'
}

/** Debian keeps server binaries per major version; the newest one wins. */
function serverBin(name: string): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a))
  return versions.map((v) => path.join(root, v, 'bin', name)).find((bin) => existsSync(bin))
}

/** initdb and postgres refuse to run as root: drop to the `postgres` user Debian's package creates. */
function asPostgresUser(command: string, args: string[]): [string, string[]] {
  if (os.userInfo().uid !== 0) return [command, args]
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', command, ...args]]
}

async function startPrivateCluster(dirs: StackDirs, durable: boolean): Promise<{ port: number; proc: Managed } | undefined> {
  const initdb = serverBin('initdb')
  const postgres = serverBin('postgres')
  if (!initdb || !postgres) return undefined
  const dataDir = path.join(dirs.data, 'postgres')
  mkdirSync(dataDir, { recursive: true })
  if (os.userInfo().uid === 0) {
    // The postgres user must be able to pass through our (often 0700) data folder to its own.
    chmodSync(dirs.data, statSync(dirs.data).mode | 0o011)
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dataDir, Number(stdout.trim()), Number(gid.trim()))
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const [cmd, args] = asPostgresUser(initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8'])
    await run(cmd, args, { timeout: 120_000 })
  }
  const port = await freePort()
  const settings = ['-D', dataDir, '-p', String(port), '-k', dataDir, '-c', 'listen_addresses=127.0.0.1']
  // A throwaway test cluster need not survive a power cut.
  if (!durable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')
  const [cmd, args] = asPostgresUser(postgres, settings)
  const proc = startProcess('postgres', cmd, args, { logDir: dirs.logs })
  await waitUntil(() => answers(port), 30_000, `PostgreSQL did not start on ${port}; see ${proc.logFile}`)
  return { port, proc }
}

/**
 * A database for FerretDB, or undefined when no PostgreSQL can be had (no server, no package).
 * `durable`: the `npm start` data (kept between runs) rather than a throwaway test database.
 */
export async function ensurePostgres(dirs: StackDirs, database: string, durable = false): Promise<Postgres | undefined> {
  if (process.env.PROST_FERRETDB_BACKEND === 'sqlite') return undefined
  let port = Number(process.env.PROST_POSTGRES_PORT ?? 5432)
  let via = `the local PostgreSQL on 127.0.0.1:${port}`
  let proc: Managed | undefined
  if (!(await answers(port))) {
    const started = await startPrivateCluster(dirs, durable).catch((error: Error) => {
      console.warn(`[prost] could not start a private PostgreSQL (${error.message}); FerretDB falls back to SQLite`)
      return undefined
    })
    if (!started) return undefined
    ;({ port, proc } = started)
    via = `a private PostgreSQL in ${path.join(dirs.data, 'postgres')}, started here`
  }
  const exists = await psql(port, `select 1 from pg_database where datname = '${database}'`)
  if (exists !== '1') await psql(port, `create database "${database}"`)
  await installFerretDbGinIndexes(port, database)
  return {
    url: `postgres://postgres@127.0.0.1:${port}/${database}`,
    via,
    proc,
    drop: async () => {
      await psql(port, `drop database if exists "${database}" with (force)`).catch(() => undefined)
    },
  }
}
