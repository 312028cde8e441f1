/** Public routes that open, renew and end sessions: register, login, refresh, logout. */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '@prost/platform'
import { AuthSessionSchema, LoginSchema, LogoutSchema, RefreshSchema, RegisterSchema } from '@prost/contracts'
import { logInWithPassword, register } from '../../../sessions/sign-in.js'
import { endSession, refreshSession } from '../../../sessions/sessions.js'
import { perIpLimit } from '../../per-ip-limit.js'

export const sessionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/register',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account with email and password, and sign in',
        body: RegisterSchema,
        response: { 201: AuthSessionSchema, ...problemResponses(400, 409, 413, 429) },
      },
      config: { rateLimit: perIpLimit(10) },
    },
    async (request, reply) => reply.code(201).send(await register(fastify, request.body)),
  )

  fastify.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password',
        description:
          'An unknown email and a wrong password get the same 401. After repeated failures the account is ' +
          'locked for a while (429 with Retry-After), from any IP.',
        body: LoginSchema,
        response: { 200: AuthSessionSchema, ...problemResponses(400, 401, 403, 413, 429) },
      },
      config: { rateLimit: perIpLimit(10) },
    },
    async (request) => logInWithPassword(fastify, request.body),
  )

  fastify.post(
    '/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token for a new session',
        description:
          'Each refresh token works once. Presenting a used one again ends the whole session it belongs to, ' +
          'including the newest token.',
        body: RefreshSchema,
        response: { 200: AuthSessionSchema, ...problemResponses(400, 401, 413, 429) },
      },
      config: { rateLimit: perIpLimit(60) },
    },
    async (request) => refreshSession(fastify, request.body.refreshToken),
  )

  fastify.post(
    '/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the session a refresh token belongs to',
        description: 'Answers 204 for unknown tokens too: afterwards there is no such session either way.',
        body: LogoutSchema,
        response: { 204: Type.Null(), ...problemResponses(400, 413, 429) },
      },
      config: { rateLimit: perIpLimit(60) },
    },
    async (request, reply) => {
      await endSession(fastify, request.body.refreshToken)
      return reply.code(204).send(null)
    },
  )
}
