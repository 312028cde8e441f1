/**
 * A warning logged at most once per interval: for Redis-backed helpers that fail soft on every call
 * while Redis is away (one line per 10 s is enough to be noticed, a line per request would flood).
 */
import type { FastifyBaseLogger } from 'fastify'

export function throttledWarning(log: FastifyBaseLogger, everyMs = 10_000) {
  let last = 0
  return (error: unknown, message: string) => {
    if (Date.now() - last < everyMs) return
    last = Date.now()
    log.warn({ err: error }, message)
  }
}
