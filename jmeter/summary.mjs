/* global process, console */
/**
 * Summary of a JMeter CSV result file (.jtl): throughput, error %, and p50/p95/p99/max response time
 * per sampler label and in total. Reads files with a header line (run.sh asks for one) and header-less
 * ones (JMeter 2.13's default column order). Exit status 1 when a sample failed or none was recorded.
 *
 *   node jmeter/summary.mjs results/prost-<stamp>.jtl [--json]
 */
import { readFileSync } from 'node:fs'

/** Splits one CSV line, honouring "quoted, fields" with "" escapes. */
export function splitCsv(line) {
  const fields = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      fields.push(field)
      field = ''
    } else field += c
  }
  fields.push(field)
  return fields
}

const DEFAULT_COLUMNS = ['timeStamp', 'elapsed', 'label', 'responseCode', 'responseMessage', 'threadName', 'dataType', 'success', 'failureMessage']

/** Nearest-rank percentile of sorted numbers. */
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0)

export function summarize(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '')
  let columns = DEFAULT_COLUMNS
  if (lines.length && lines[0].startsWith('timeStamp')) columns = splitCsv(lines.shift())
  const at = (name) => columns.indexOf(name)
  const [iTs, iElapsed, iLabel, iCode, iSuccess, iFailure] = ['timeStamp', 'elapsed', 'label', 'responseCode', 'success', 'failureMessage'].map(at)
  const byLabel = new Map()
  const failures = new Map()
  let first = Infinity
  let last = -Infinity
  for (const line of lines) {
    if (!/^[0-9]+,/.test(line)) continue
    const f = splitCsv(line)
    const ts = Number(f[iTs])
    const elapsed = Number(f[iElapsed])
    const ok = f[iSuccess] === 'true'
    first = Math.min(first, ts)
    last = Math.max(last, ts + elapsed)
    for (const label of [f[iLabel], 'TOTAL']) {
      if (!byLabel.has(label)) byLabel.set(label, { label, elapsed: [], errors: 0 })
      const s = byLabel.get(label)
      s.elapsed.push(elapsed)
      if (!ok) s.errors++
    }
    if (!ok) {
      const why = `${f[iLabel]}: ${f[iCode]} ${iFailure >= 0 ? f[iFailure] ?? '' : ''}`.trim()
      failures.set(why, (failures.get(why) ?? 0) + 1)
    }
  }
  const seconds = Number.isFinite(first) ? Math.max(0.001, (last - first) / 1000) : 0
  const rows = [...byLabel.values()].map((s) => {
    const sorted = [...s.elapsed].sort((a, b) => a - b)
    return {
      label: s.label,
      samples: sorted.length,
      errors: s.errors,
      errorPct: (100 * s.errors) / sorted.length,
      throughput: seconds ? sorted.length / seconds : 0,
      mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1],
    }
  })
  rows.sort((a, b) => (a.label === 'TOTAL' ? 1 : b.label === 'TOTAL' ? -1 : a.label.localeCompare(b.label)))
  const total = rows.find((r) => r.label === 'TOTAL') ?? { samples: 0, errors: 0 }
  return { seconds, samples: total.samples, errors: total.errors, rows, failures: [...failures].map(([reason, count]) => ({ reason, count })) }
}

function print(summary, file) {
  const head = ['sampler', 'samples', 'errors', 'error %', 'req/s', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms']
  const body = summary.rows.map((r) => [r.label, r.samples, r.errors, r.errorPct.toFixed(2), r.throughput.toFixed(2), r.mean.toFixed(0), r.p50, r.p95, r.p99, r.max].map(String))
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)))
  const fmt = (row) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  console.log(`\nJMeter summary of ${file} (${summary.seconds.toFixed(1)} s of samples)`)
  console.log(fmt(head))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const row of body) console.log(fmt(row))
  for (const f of summary.failures.slice(0, 20)) console.log(`  failed ${f.count}x  ${f.reason}`)
  console.log(`samples: ${summary.samples}, failed: ${summary.errors}`)
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const file = process.argv[2]
  if (!file) {
    console.error('usage: node jmeter/summary.mjs RESULTS.jtl [--json]')
    process.exit(2)
  }
  const summary = summarize(readFileSync(file, 'utf8'))
  if (process.argv.includes('--json')) console.log(JSON.stringify(summary, null, 2))
  else print(summary, file)
  process.exit(summary.samples > 0 && summary.errors === 0 ? 0 : 1)
}
