/**
 * `npm run bench`: runs every benchmark, each in its own process against the same backends, and
 * prints one table: figure, value, baseline measured in the same run, ratio, target, pass/miss.
 * Never fails on speed (exit code is non-zero only when a benchmark itself crashes).
 *   npm run bench [-- [--quick] [--only <name>[,<name>...]]]
 *   (--quick: shorter runs, a 10k instead of 100k listing with 5 instead of 10 pages per shape,
 *    600 instead of 10,000 reminders, 8 groups × 2 bursts instead of 20 × 6 for telegram, 3 s instead
 *    of 6 s rounds for voting and tracing, 3 s instead of 8 s and 2 instead of 3 rounds for the
 *    cached event read, 8 s instead of 60 s of load for memory;
 *    --only: just the named benchmarks, e.g. --only reminders)
 */
import { spawn } from 'node:child_process'
import type { BenchRow } from './report.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const onlyAt = args.indexOf('--only')
const only = onlyAt >= 0 ? (args[onlyAt + 1] ?? '').split(',').filter(Boolean) : null
const all: { name: string; command: string[] }[] = [
  {
    name: 'events',
    command: ['tsx', 'bench/events-read.ts', quick ? '10000' : '100000', quick ? '5' : '10'],
  },
  { name: 'event-read', command: ['tsx', 'bench/event-read-cache.ts', ...(quick ? ['3', '2'] : ['8', '3'])] },
  {
    name: 'voting',
    command: ['tsx', 'services/voting/bench/voting-real-path.ts', '1000', quick ? '3' : '6'],
  },
  { name: 'reminders', command: ['tsx', 'bench/reminder-rate.ts', quick ? '600' : '10000'] },
  { name: 'memory', command: ['tsx', 'bench/service-rss.ts', quick ? '8' : '60'] },
  { name: 'telegram', command: ['tsx', 'bench/telegram-loop.ts', quick ? '8' : '20', quick ? '2' : '6'] },
  { name: 'tracing', command: ['tsx', 'bench/tracing-overhead.ts', quick ? '3' : '6'] },
]
const unknown = only?.filter((name) => !all.some((b) => b.name === name)) ?? []
if (only && (only.length === 0 || unknown.length > 0)) {
  console.error(
    `--only takes benchmark names: ${all.map((b) => b.name).join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`,
  )
  process.exit(2)
}
const benches = only ? all.filter((b) => only.includes(b.name)) : all

const rows: (BenchRow & { bench: string })[] = []
let crashed = 0

for (const bench of benches) {
  console.log(`\n=== ${bench.name}: npx ${bench.command.join(' ')}`)
  const started = performance.now()
  const code = await new Promise<number>((resolve) => {
    const child = spawn('npx', bench.command, { stdio: ['ignore', 'pipe', 'inherit'] })
    let pending = ''
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString()
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        if (line.startsWith('ROW '))
          rows.push({ bench: bench.name, ...(JSON.parse(line.slice(4)) as BenchRow) })
        else console.log(`  ${line}`)
      }
    })
    child.on('exit', (c) => resolve(c ?? 1))
  })
  if (code !== 0) crashed++
  console.log(`=== ${bench.name}: ${Math.round((performance.now() - started) / 1000)} s`)
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2))
console.log('\n| figure | value | baseline (same run) | ratio | target | result |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const r of rows) {
  const ratio = r.baseline && r.baseline.value > 0 ? `${(r.value / r.baseline.value).toFixed(2)}×` : '—'
  const baseline = r.baseline ? `${r.baseline.name}: ${fmt(r.baseline.value)} ${r.unit}` : '—'
  const result = r.pass === undefined ? '—' : r.pass ? 'pass' : 'miss'
  console.log(
    `| ${r.bench}: ${r.figure} | ${fmt(r.value)} ${r.unit} | ${baseline} | ${ratio} | ${r.target ?? '—'} | ${result} |`,
  )
}
process.exit(crashed ? 1 : 0)
