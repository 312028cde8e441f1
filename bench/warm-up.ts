/**
 * Warm-up that lasts until a target's throughput stops climbing, instead of a fixed few seconds.
 *
 * Why: V8 optimises a service's hot paths only after enough calls, and on a 2-core machine its
 * optimising compiler competes with the load for the CPU. After the fixed 2 s warm-up, a voting
 * replica still ran most of a ballot write in baseline code: profiled with `perf record -e cpu-clock`,
 * ~9 % of its samples were in optimised code and ~8 % in the optimising compiler itself, and its CPU
 * per vote fell from 2.8 ms to 1.0 ms over the next 24 s of writes. A short run then measured how
 * fast the compiler got through the service's code more than how fast the service is.
 */

export interface WarmUpOptions {
  /** Seconds per measured window. */
  window: number
  /** Never stop before this many seconds. */
  minSeconds: number
  /** Stop after this many seconds even if it still climbs. */
  maxSeconds: number
  /** A window counts as climbing when it beats every earlier one by more than this fraction. */
  climb?: number
}

/**
 * Runs `load` (requests/s over the given seconds) window after window until a window no longer beats
 * the best earlier one by more than `climb` (after `minSeconds`), or `maxSeconds` have passed.
 * Returns the rate of each window, for the bench's log.
 */
export async function warmUntilSteady(
  load: (seconds: number) => Promise<number>,
  { window, minSeconds, maxSeconds, climb = 0.05 }: WarmUpOptions,
): Promise<number[]> {
  const rates: number[] = []
  for (let spent = 0; spent < maxSeconds; spent += window) {
    const rate = await load(window)
    const best = Math.max(0, ...rates)
    rates.push(rate)
    if (spent + window >= minSeconds && rates.length > 1 && rate <= best * (1 + climb)) break
  }
  return rates
}

/** "412 → 598 → 611 req/s": the warm-up's windows, for the log. */
export const warmUpTrail = (rates: number[]) => `${rates.map(Math.round).join(' → ')} req/s`
