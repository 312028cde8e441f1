/**
 * Rate limits with @fastify/rate-limit, counted in Redis so every replica shares the budget.
 * If Redis fails the request is let through (skipOnError): limits are protection, not correctness.
 * Keyed by account when a token is present, else by client IP.
 */
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpProblem } from './problems.js'
import { verifiedClaims } from './auth.js'

export interface RateLimitOptions {
  max: number
  windowSeconds: number
  /** Namespace in Redis; services use their own so budgets do not mix. */
  nameSpace: string
}

/** Budget per account for a verified token; anything else (no token, a forged one) counts per IP. */
export const rateLimitKey = (request: FastifyRequest) => {
  // The same kept claims the route's guard gets next (auth.ts): one verification per token. An
  // invalid or expired token must not buy a fresh budget: it counts per IP.
  const claims = verifiedClaims(request)
  return claims?.sub ? `sub:${claims.sub}` : `ip:${request.ip}`
}

export const rateLimits = fp<RateLimitOptions>(
  async function rateLimits(fastify: FastifyInstance, options) {
    await fastify.register(rateLimit, {
      global: true,
      max: options.max,
      timeWindow: options.windowSeconds * 1000,
      redis: fastify.hasDecorator('redis') ? fastify.redis : undefined,
      nameSpace: `prost-rl:${options.nameSpace}:`,
      skipOnError: true,
      keyGenerator: rateLimitKey,
      errorResponseBuilder: (_request, context) =>
        new HttpProblem(
          'rate-limited',
          `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`,
          {
            headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
          },
        ),
    })
  },
  { name: 'rate-limits', fastify: '5.x' },
)
