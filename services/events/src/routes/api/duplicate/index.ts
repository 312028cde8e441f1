/** POST /api/events/:id/duplicate: the organizer copies an event for the next meetup. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bearerAuth, notFound, requireUser } from '@prost/platform'
import { DuplicateEventSchema, EventSchema } from '@prost/contracts'
import { toEvent, toView } from '../../../events/event-document.js'
import { assertOrganizer } from '../../../events/access.js'
import { duplicateEventDoc } from '../../../events/duplicate.js'
import { EventIdParams, eventProblems } from '../schemas.js'

export const duplicateRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository

  fastify.post(
    '/:id/duplicate',
    {
      preValidation: [fastify.authenticate, requireUser],
      schema: {
        tags: ['repeat'],
        summary:
          'Duplicate an event (organizer): a new poll with the same title, description, places and visibility, its participants invited, time options shifted by shiftWeeks weeks',
        security: bearerAuth,
        params: EventIdParams,
        body: DuplicateEventSchema,
        response: { 201: EventSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const source = await repo.findById(request.params.id)
      if (!source) throw notFound('No such event')
      const organizer = { id: request.user.sub, name: request.user.name }
      const doc = await repo.insert(duplicateEventDoc(source, organizer, request.body.shiftWeeks, new Date()))
      return reply
        .code(201)
        .header('location', `/api/events/${doc._id.toHexString()}`)
        .send(toEvent(toView(doc), organizer.id))
    },
  )
}
