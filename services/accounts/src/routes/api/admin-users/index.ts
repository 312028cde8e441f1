/** Admin-only account management. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ObjectId } from 'mongodb'
import { bearerAuth, problemResponses, requireRole } from '@prost/platform'
import { ListUsersQuerySchema, UserIdParamsSchema, UserPageSchema, UserSchema } from '@prost/contracts'
import { listUsers, setUserDisabled } from '../../../users/user-admin.js'
import { currentUserId } from '../../../users/current-user.js'

export const adminUserRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('preValidation', fastify.authenticate)
  fastify.addHook('preValidation', requireRole('admin'))

  fastify.get(
    '/admin/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'All users, oldest first, a page at a time',
        security: bearerAuth,
        querystring: ListUsersQuerySchema,
        response: { 200: UserPageSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => listUsers(fastify, request.query),
  )

  for (const action of ['disable', 'enable'] as const) {
    fastify.post(
      `/admin/users/:id/${action}`,
      {
        schema: {
          tags: ['auth'],
          summary:
            action === 'disable'
              ? 'Disable a user: no more logins or refreshes, and every session of theirs ends'
              : 'Enable a disabled user again (they sign in anew)',
          security: bearerAuth,
          params: UserIdParamsSchema,
          response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        setUserDisabled(
          fastify,
          currentUserId(request),
          new ObjectId(request.params.id),
          action === 'disable',
        ),
    )
  }
}
