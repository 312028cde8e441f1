/**
 * Test runner behind `npm test`: starts the backends (scripts/stack/backends.ts), runs vitest over
 * every project with their addresses in the environment, prints one summary line and stops
 * everything it started, also on failure or Ctrl-C. Extra arguments go to vitest.
 */
import { spawn } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import path from 'node:path'
import { startBackends, stopOnSignals } from './backends.js'

const root = path.resolve(import.meta.dirname, '../..')

async function main() {
  const started = Date.now()
  const backends = await startBackends(root, 'test')
  stopOnSignals(backends.stop)
  try {
    const resultsFile = path.join(root, '.data', 'test-results.json')
    rmSync(resultsFile, { force: true })
    const vitest = spawn(
      'npx',
      ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
      { cwd: root, env: { ...backends.env, NODE_ENV: 'test' }, stdio: 'inherit' },
    )
    const code: number = await new Promise((resolve) => vitest.on('exit', (c) => resolve(c ?? 1)))
    printSummary(resultsFile, Date.now() - started)
    return code
  } finally {
    await backends.stop()
  }
}

function printSummary(file: string, elapsedMs: number) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as {
      numPassedTests: number
      numFailedTests: number
      numPendingTests: number
      numTodoTests: number
      testResults: { status: string; assertionResults: { status: string }[] }[]
    }
    // A file that fails before any of its tests fail (e.g. in beforeAll) counts as one failure too.
    const brokenFiles = r.testResults.filter(
      (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
    ).length
    const failed = r.numFailedTests + brokenFiles
    console.log(`\n[prost] all suites ran in ${Math.round(elapsedMs / 1000)} s`)
    console.log(`tests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`)
  } catch {
    console.log('tests: 0 passed, 1 failed (vitest wrote no results)')
  }
}

main()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(`[prost] ${error.message}`)
    process.exit(1)
  })
