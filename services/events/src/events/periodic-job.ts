/**
 * A job every replica runs on a timer (the deadline sweeper, the series sweeper): one run at a time
 * per replica (a caller arriving meanwhile waits for the running one), failures logged and retried on
 * the next tick, and a stop that waits for the run in flight. Correctness across replicas is the
 * job's own business (locks, unique inserts); this only paces it.
 */
import type { FastifyBaseLogger } from 'fastify'

export function createPeriodicJob(name: string, run: () => Promise<void>, log: FastifyBaseLogger) {
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | null = null

  function runOnce(): Promise<void> {
    running ??= run()
      .catch((error: unknown) => log.warn({ err: error }, `${name} failed`))
      .finally(() => {
        running = null
      })
    return running
  }

  return {
    run: runOnce,
    start(intervalMs: number) {
      timer = setInterval(() => void runOnce(), intervalMs)
      timer.unref()
    },
    async stop() {
      clearInterval(timer)
      await running
    },
  }
}

export type PeriodicJob = ReturnType<typeof createPeriodicJob>
