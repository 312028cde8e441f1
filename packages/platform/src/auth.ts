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
      // Each request verifies its token twice (the rate limit's key, then the route's guard), and a
      // client sends the same token for minutes: fast-jwt keeps verified results (never past the
      // token's expiry), so the HMAC runs once per token instead of twice per request.
      verify: { algorithms: ['HS256'], cache: 10_000, cacheTTL: 60_000 },
    })

    fastify.decorate(
      'signAccessToken',
      async function signAccessToken(claims: AccessClaims, signOptions: { expiresInSeconds?: number } = {}) {
        return signOptions.expiresInSeconds
          ? fastify.jwt.sign(claims, { expiresIn: signOptions.expiresInSeconds })
          : fastify.jwt.sign(claims)
      },
    )

    fastify.decorate('authenticate', async function authenticate(request: FastifyRequest) {
      try {
        await request.jwtVerify()
      } catch (error) {
        const code = (error as { code?: string }).code
        throw unauthenticated(
          code === 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED'
            ? 'Your session has expired; sign in again'
            : code === 'FST_JWT_NO_AUTHORIZATION_IN_HEADER'
              ? 'Send an access token in the Authorization header'
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
