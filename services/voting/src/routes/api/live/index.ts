/** GET /ws: the live vote board WebSocket (messages in packages/contracts/src/votes/live.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { unauthenticated, type AccessClaims } from '@prost/platform'
import { SingleLineText } from '@prost/contracts'

export const liveRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const connectionClaims = new WeakMap<object, AccessClaims | null>()

  fastify.get(
    '/ws',
    {
      websocket: true,
      schema: {
        querystring: Type.Object({ token: Type.Optional(SingleLineText({ minLength: 1, maxLength: 2048 })) }),
      },
      // A token on the upgrade (query or Authorization header) must be valid, or the upgrade is refused with 401.
      preValidation: async (request, reply) => {
        const { token } = request.query as { token?: string }
        let claims: AccessClaims | null = null
        if (token) {
          try {
            claims = fastify.verifyAccessToken(token)
          } catch {
            throw unauthenticated('The token is not valid or has expired')
          }
        } else if (request.headers.authorization) {
          await fastify.authenticate.call(fastify, request, reply)
          claims = request.user
        }
        connectionClaims.set(request, claims)
      },
    },
    (socket, request) => {
      fastify.liveBoard.accept(socket, connectionClaims.get(request) ?? null)
    },
  )
}
