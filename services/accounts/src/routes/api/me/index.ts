/** The signed-in user's own profile. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bearerAuth, problemResponses, requireUser } from '@prost/platform'
import { UpdateProfileSchema, UserSchema } from '@prost/contracts'
import { getProfile, updateProfile } from '../../../users/profile.js'
import { currentUserId } from '../../../users/current-user.js'

export const meRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('preValidation', fastify.authenticate)
  fastify.addHook('preValidation', requireUser)

  fastify.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your profile',
        security: bearerAuth,
        response: { 200: UserSchema, ...problemResponses(401, 403, 404) },
      },
    },
    async (request) => getProfile(fastify, currentUserId(request)),
  )

  fastify.patch(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your display name, time zone or language',
        security: bearerAuth,
        body: UpdateProfileSchema,
        response: { 200: UserSchema, ...problemResponses(400, 401, 403, 404, 413) },
      },
    },
    async (request) => updateProfile(fastify, currentUserId(request), request.body),
  )
}
