/** Finding registered users by name, to invite them. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bearerAuth, problemResponses, requireUser } from '@prost/platform'
import { UserSearchQuerySchema, UserSearchResultSchema } from '@prost/contracts'
import { searchUsers } from '../../../users/user-search.js'

export const usersRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('preValidation', fastify.authenticate)
  fastify.addHook('preValidation', requireUser)

  fastify.get(
    '/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'Up to 20 users whose name has words starting with the words of q',
        security: bearerAuth,
        querystring: UserSearchQuerySchema,
        response: { 200: UserSearchResultSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => searchUsers(fastify, request.query.q),
  )
}
