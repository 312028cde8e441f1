/**
 * Route-level rate limits keyed by client IP only, for the routes that sign in or sign up. The kit's
 * global key counts per account once it has verified a bearer token (an invalid one counts per IP),
 * but on these routes the caller's token says nothing about whose credentials they are trying:
 * anyone can register accounts and hold a valid token for each, and each would buy a fresh budget.
 * These routes also need a much smaller budget than the global one.
 */
import type { FastifyRequest } from 'fastify'

export const perIpLimit = (max: number, timeWindowMs = 60_000) => ({
  max,
  timeWindow: timeWindowMs,
  keyGenerator: (request: FastifyRequest) => `ip:${request.ip}`,
})
