/** `npm run bench`: starts the backends, runs bench/run.ts against them, stops what it started. */
import { spawn } from 'node:child_process'
import path from 'node:path'
import { startBackends, stopOnSignals } from './backends.js'

const root = path.resolve(import.meta.dirname, '../..')
const backends = await startBackends(root, 'bench')
stopOnSignals(backends.stop)
const bench = spawn('npx', ['tsx', 'bench/run.ts', ...process.argv.slice(2)], { cwd: root, env: backends.env, stdio: 'inherit' })
const code: number = await new Promise((resolve) => bench.on('exit', (c) => resolve(c ?? 1)))
await backends.stop()
process.exit(code)
