/**
 * A ratio between two loads measured on this shared 2-core machine: short rounds of each, in
 * adjacent pairs (the order flips every pair, so a slow drift favours neither), and the median of the
 * pairs' ratios.
 *
 * Why not the best round of each, as before: other tenants' work comes in bursts of a few seconds,
 * and the best of two 3 s rounds let one side's lucky round and the other's unlucky one decide the row
 * (the same untraced read measured 5,179 and 11,311 req/s minutes apart; traced over untraced read
 * 0.52× in one run and 0.86× in the next). Two rounds a second apart meet much the same machine, and
 * the median drops the pairs a burst split.
 */
import type autocannon from 'autocannon'

/**
 * Completed requests per second over a whole autocannon run. Its `requests.average` averages
 * per-second samples, and a round of a second or two is only one or two of them.
 */
export const roundRate = (result: autocannon.Result) => result.requests.total / result.duration

export interface PairedResult {
  /** The pair whose ratio is the median: its subject's and baseline's rates. */
  subject: number
  baseline: number
  /** Every pair's subject / baseline, in the order measured, for the bench's log. */
  ratios: number[]
}

export async function pairedRounds(
  subject: () => Promise<number>,
  baseline: () => Promise<number>,
  pairs: number,
): Promise<PairedResult> {
  const measured: { subject: number; baseline: number; ratio: number }[] = []
  for (let pair = 0; pair < pairs; pair++) {
    const rates = { baseline: 0, subject: 0 }
    if (pair % 2 === 0) {
      rates.baseline = await baseline()
      rates.subject = await subject()
    } else {
      rates.subject = await subject()
      rates.baseline = await baseline()
    }
    measured.push({ ...rates, ratio: rates.baseline > 0 ? rates.subject / rates.baseline : 0 })
  }
  const median = [...measured].sort((a, b) => a.ratio - b.ratio)[Math.floor((pairs - 1) / 2)]!
  return { subject: median.subject, baseline: median.baseline, ratios: measured.map((m) => m.ratio) }
}

/** "0.91 0.88 0.93": the pairs' ratios, for the log. */
export const pairTrail = (result: PairedResult) => result.ratios.map((r) => r.toFixed(2)).join(' ')
