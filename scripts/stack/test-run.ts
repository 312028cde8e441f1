/**
 * Test runner behind `npm test`: starts private FerretDB, MinIO and Toxiproxy on free ports, reuses
 * (or starts) Redis and RabbitMQ, runs vitest over every project with their addresses in the
 * environment, prints one summary line and stops everything it started, also on failure or Ctrl-C.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stopAll } from './processes.js'
import { ensureRabbitMq, ensureRedis, startFerretDb, startMinio, startToxiproxy, stopRabbitMq } from './stores.js'

const root = path.resolve(import.meta.dirname, '../..')
const data = mkdtempSync(path.join(os.tmpdir(), 'prost-test-'))
const logs = path.join(root, '.data', 'test-logs')
mkdirSync(logs, { recursive: true })
const dirs = { data, logs }
let rabbitStartedHere = false

async function cleanup() {
  await stopAll()
  if (rabbitStartedHere) await stopRabbitMq()
  rmSync(data, { recursive: true, force: true })
}

async function main() {
  const started = Date.now()
  const [ferret, redis, rabbit, minio, toxiproxy] = await Promise.all([
    startFerretDb(dirs),
    ensureRedis(dirs),
    ensureRabbitMq(),
    startMinio(dirs),
    startToxiproxy(dirs),
  ])
  rabbitStartedHere = rabbit.startedHere
  console.log(
    `[prost] test backends: FerretDB ${ferret.url} · Redis ${redis.url} · RabbitMQ ${rabbit.url} · ` +
      `MinIO 127.0.0.1:${minio.port} · Toxiproxy ${toxiproxy.url} (logs in ${logs})`,
  )
  const resultsFile = path.join(root, '.data', 'test-results.json')
  rmSync(resultsFile, { force: true })
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    MONGODB_URL: ferret.url,
    REDIS_URL: redis.url,
    AMQP_URL: rabbit.url,
    MINIO_ENDPOINT: minio.endpoint,
    MINIO_PORT: String(minio.port),
    MINIO_ACCESS_KEY: minio.accessKey,
    MINIO_SECRET_KEY: minio.secretKey,
    TOXIPROXY_URL: toxiproxy.url,
    PROST_TEST_DATA_DIR: data,
    PROST_TEST_LOG_DIR: logs,
  }
  const vitest = spawn(
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
    { cwd: root, env, stdio: 'inherit' },
  )
  const code: number = await new Promise((resolve) => vitest.on('exit', (c) => resolve(c ?? 1)))
  printSummary(resultsFile, Date.now() - started)
  return code
}

function printSummary(file: string, elapsedMs: number) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
      numFailedTestSuites: number
      numPendingTests: number
      numTodoTests: number
    }
    console.log(`\n[prost] all suites ran in ${Math.round(elapsedMs / 1000)} s`)
    // A file that fails before its tests run (e.g. in beforeAll) counts as a failure too.
    const failed = r.numFailedTests + r.numFailedTestSuites
    console.log(`tests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`)
  } catch {
    console.log('tests: 0 passed, 1 failed (vitest wrote no results)')
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void cleanup().finally(() => process.exit(130))
  })
}

main()
  .then(async (code) => {
    await cleanup()
    process.exit(code)
  })
  .catch(async (error: Error) => {
    console.error(`[prost] ${error.message}`)
    await cleanup()
    process.exit(1)
  })
