/**
 * Route-level rate limits keyed by client IP only. The kit's global key prefers the `sub` of a bearer
 * token, which it decodes without verifying, so on routes anyone may call a made-up token would buy
 * a fresh budget per request; credentials routes must count by IP.
 */
import type { FastifyRequest } from 'fastify'

export const perIpLimit = (max: number, timeWindowMs = 60_000) => ({
  max,
  timeWindow: timeWindowMs,
  keyGenerator: (request: FastifyRequest) => `ip:${request.ip}`,
})
