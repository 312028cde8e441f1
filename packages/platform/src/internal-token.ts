/**
 * Service-to-service calls (the Telegram bot acting for a user, for example) carry a shared secret,
 * INTERNAL_API_TOKEN, in the `x-prost-internal-token` header. The routes that accept it live under an
 * `/internal/` path, which the ingress answers with 404, so only callers inside the cluster (or on
 * the same machine) reach them; the token is the second lock in case a network policy is missing.
 *
 * `requireInternalToken(token)` is a `preValidation` hook, like `fastify.authenticate`, so a caller
 * without the token gets 401 before the body is validated and learns nothing about what it accepts.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify'
import { Type } from '@sinclair/typebox'
import { INTERNAL_TOKEN_HEADER } from '@prost/contracts'
import { notFound, unauthenticated } from './problems.js'

export const InternalApiConfigSchema = Type.Object({
  INTERNAL_API_TOKEN: Type.String({
    default: '',
    // Empty switches the internal routes off (they answer 404); a set token must be long enough
    // that guessing it is hopeless.
    pattern: '^(.{32,})?$',
    description:
      'Shared secret of service-to-service calls, ≥ 32 characters; empty turns internal routes off',
  }),
})

/** Hashing both sides first makes the comparison constant-time whatever the lengths. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest()

export function internalTokenMatches(expected: string, received: string | undefined): boolean {
  if (!expected || typeof received !== 'string' || received.length === 0) return false
  return timingSafeEqual(digest(expected), digest(received))
}

/**
 * Guard for an internal route. With no token configured the route does not exist for anyone (404,
 * the answer the ingress gives too); a missing or wrong token is 401.
 */
export function requireInternalToken(token: string): preValidationAsyncHookHandler {
  return async function internalTokenGuard(request: FastifyRequest) {
    if (!token) throw notFound('Internal calls are not configured on this deployment')
    const header = request.headers[INTERNAL_TOKEN_HEADER]
    if (!internalTokenMatches(token, Array.isArray(header) ? undefined : header)) {
      throw unauthenticated(`Send the internal API token in the ${INTERNAL_TOKEN_HEADER} header`)
    }
  }
}
