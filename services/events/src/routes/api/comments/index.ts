/** /api/events/:id/comments: participants talk; whoever can see the event can read. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  CommentPageSchema,
  CommentSchema,
  CreateCommentSchema,
  ListCommentsQuerySchema,
  type CommentPostedMessage,
} from '@prost/contracts'
import { bearerAuth, newEnvelope } from '@prost/platform'
import { assertParticipant, assertVisible } from '../../../events/access.js'
import { EventIdParams, eventProblems } from '../schemas.js'

export const commentRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const events = fastify.eventsRepository
  const comments = fastify.commentsRepository

  fastify.get(
    '/:id/comments',
    {
      preValidation: fastify.optionalAuth,
      schema: {
        tags: ['comments'],
        summary: 'Comments, oldest first',
        params: EventIdParams,
        querystring: ListCommentsQuerySchema,
        response: { 200: CommentPageSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertVisible(await events.view(request.params.id), request)
      return comments.page(request.params.id, request.query.limit ?? 20, request.query.cursor)
    },
  )

  fastify.post(
    '/:id/comments',
    {
      preValidation: fastify.authenticate,
      config: { rateLimit: { max: 30, timeWindow: 60_000 } },
      schema: {
        tags: ['comments'],
        summary: 'Say something (participants)',
        security: bearerAuth,
        params: EventIdParams,
        body: CreateCommentSchema,
        response: { 201: CommentSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      const { view, participantId } = assertParticipant(await events.view(request.params.id), request)
      const comment = await comments.add(
        view.id,
        { id: participantId, name: request.user.name },
        request.body.text.trim(),
      )
      // Live viewers re-read the comments when this arrives. Best effort by design: the comment is
      // stored, and a lost notice only delays it until the next read (a reconnect or the slow poll).
      const notice: CommentPostedMessage['payload'] = { eventId: view.id, commentId: comment.id }
      fastify.amqp
        .publish(newEnvelope('comment.posted', 1, notice))
        .catch((error: unknown) =>
          request.log.warn({ err: error, eventId: view.id }, 'comment notice not published'),
        )
      return reply.code(201).send(comment)
    },
  )
}
