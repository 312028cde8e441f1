/**
 * Authentication with @fastify/jwt and the guards routes use, as `preValidation` hooks (so a
 * request without a valid token gets 401 before its body is validated, never a 400 that tells a
 * stranger what the route accepts):
 *   - `fastify.authenticate`: requires a valid access token, sets request.user;
 *   - `fastify.optionalAuth`: reads a token when one is sent (guest otherwise);
 *   - `requireRole('admin')`, `requireUser`: after authenticate.
 * Ownership is domain knowledge and checked by each service (e.g. events' access.ts).
 * Access tokens are short-lived; refresh tokens are opaque, rotated and revocable (accounts service).
 */
import fp from 'fastify-plugin'
import fastifyJwt from '@fastify/jwt'
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { forbidden, unauthenticated } from './problems.js'
import { createVerifiedTokens } from './verified-tokens.js'

export type Role = 'user' | 'admin'

/** Claims in an access token. `kind: participant` is an invite-link guest scoped to one event. */
export type AccessClaims =
  | { sub: string; kind: 'user'; role: Role; name: string }
  | { sub: string; kind: 'participant'; eventId: string; name: string }

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: AccessClaims
    user: AccessClaims
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    authenticate: preHandlerAsyncHookHandler
    optionalAuth: preHandlerAsyncHookHandler
    /**
     * The claims of a valid access token (signature, algorithm and expiry checked), kept for reuse
     * by the token's text (verified-tokens.ts); throws fast-jwt's TokenError for anything else.
     */
    verifyAccessToken: (token: string) => Readonly<AccessClaims>
    /** Signs an access token; `expiresInSeconds` overrides the default lifetime (guest participant tokens live longer). */
    signAccessToken: (claims: AccessClaims, options?: { expiresInSeconds?: number }) => Promise<string>
  }
}

export interface AuthOptions {
  secret: string
  accessTtlSeconds: number
}

export const auth = fp<AuthOptions>(
  async function auth(fastify: FastifyInstance, options) {
    await fastify.register(fastifyJwt, {
      secret: options.secret,
      sign: { expiresIn: options.accessTtlSeconds, algorithm: 'HS256' },
      // Verified tokens are kept by verifyAccessToken (below), not by fast-jwt's cache.
      verify: { algorithms: ['HS256'] },
    })
    fastify.decorate(
      'verifyAccessToken',
      createVerifiedTokens((token) => fastify.jwt.verify<AccessClaims>(token), {
        max: 10_000,
        ttlMs: 60_000,
      }),
    )

    fastify.decorate(
      'signAccessToken',
      async function signAccessToken(claims: AccessClaims, signOptions: { expiresInSeconds?: number } = {}) {
        return signOptions.expiresInSeconds
          ? fastify.jwt.sign(claims, { expiresIn: signOptions.expiresInSeconds })
          : fastify.jwt.sign(claims)
      },
    )

    fastify.decorate('authenticate', async function authenticate(request: FastifyRequest) {
      const header = request.headers.authorization
      if (!header) throw unauthenticated('Send an access token in the Authorization header')
      const token = bearerToken(header)
      try {
        if (token === null) throw new Error('not a bearer token')
        request.user = fastify.verifyAccessToken(token)
      } catch (error) {
        throw unauthenticated(
          (error as { code?: string }).code === 'FAST_JWT_EXPIRED'
            ? 'Your session has expired; sign in again'
            : 'The access token is not valid',
        )
      }
    })

    fastify.decorate(
      'optionalAuth',
      async function optionalAuth(request: FastifyRequest, reply: FastifyReply) {
        if (request.headers.authorization) await fastify.authenticate.call(fastify, request, reply)
      },
    )
  },
  { name: 'auth', fastify: '5.x' },
)

/**
 * The claims of the request's bearer token when it sends a valid one, else null (no token, or one
 * that is forged, expired or malformed): for readers that take a token when it is good and ignore
 * it otherwise (the rate limit's key, the invite preview), where the guards refuse it.
 */
export function verifiedClaims(request: FastifyRequest): Readonly<AccessClaims> | null {
  const header = request.headers.authorization
  const token = header && request.server.hasDecorator('verifyAccessToken') ? bearerToken(header) : null
  if (!token) return null
  try {
    return request.server.verifyAccessToken(token)
  } catch {
    return null
  }
}

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), else null. */
export function bearerToken(header: string): string | null {
  const space = header.indexOf(' ')
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'bearer') return null
  const token = header.slice(space + 1)
  return token && !token.includes(' ') ? token : null
}

export function requireRole(role: Role): preHandlerAsyncHookHandler {
  return async function roleGuard(request: FastifyRequest) {
    const user = request.user
    if (!user) throw unauthenticated()
    if (user.kind !== 'user' || (user.role !== role && user.role !== 'admin')) {
      throw forbidden(`This needs the ${role} role`)
    }
  }
}

/** Registered users only (not invite-link participants). */
export const requireUser: preHandlerAsyncHookHandler = async function requireUser(request: FastifyRequest) {
  if (!request.user) throw unauthenticated()
  if (request.user.kind !== 'user') throw forbidden('Create an account to do this')
}
