/** Benchmarks print rows as `ROW {json}` lines; bench/run.ts gathers them into one table. */
export interface BenchRow {
  figure: string
  value: number
  unit: string
  baseline?: { name: string; value: number }
  /** The target, as a ratio to the baseline (≥) or an absolute bound, described in words. */
  target?: string
  pass?: boolean
}

export function report(row: BenchRow) {
  console.log(`ROW ${JSON.stringify(row)}`)
}

export const ratio = (value: number, baseline: number) => (baseline > 0 ? value / baseline : 0)
