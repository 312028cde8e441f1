/** /api/events: create, read, edit, browse and search events. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bearerAuth, requireUser } from '@prost/platform'
import {
  CreateEventSchema,
  EventPageSchema,
  EventSchema,
  ListEventsQuerySchema,
  MyEventsSchema,
  UpdateEventSchema,
} from '@prost/contracts'
import { createEventDoc, updateEvent } from '../../../events/event-rules.js'
import { toEvent, toView } from '../../../events/event-document.js'
import { seatOrderFor } from '../../../events/seating.js'
import { assertOrganizer, assertVisible, memberId } from '../../../events/access.js'
import { EventIdParams, eventProblems } from '../schemas.js'

export const eventRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository

  fastify.get(
    '/',
    {
      preValidation: fastify.optionalAuth,
      schema: {
        tags: ['events'],
        summary: 'Browse and search public events, soonest first',
        querystring: ListEventsQuerySchema,
        response: { 200: EventPageSchema, ...eventProblems },
      },
    },
    async (request) => repo.list(request.query),
  )

  fastify.get(
    '/mine',
    {
      preValidation: [fastify.authenticate, requireUser],
      schema: {
        tags: ['events'],
        summary: 'Events I organize, joined or was invited to',
        security: bearerAuth,
        response: { 200: MyEventsSchema, ...eventProblems },
      },
    },
    async (request) => ({ items: await repo.listForMember(request.user.sub) }),
  )

  fastify.post(
    '/',
    {
      preValidation: [fastify.authenticate, requireUser],
      schema: {
        tags: ['events'],
        summary: 'Create an event with its time and place options',
        security: bearerAuth,
        body: CreateEventSchema,
        response: { 201: EventSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      const organizer = { id: request.user.sub, name: request.user.name }
      const doc = await repo.insert(createEventDoc(request.body, organizer, new Date()))
      return reply
        .code(201)
        .header('location', `/api/events/${doc._id.toHexString()}`)
        .send(toEvent(toView(doc), organizer.id))
    },
  )

  fastify.get(
    '/:id',
    {
      preValidation: fastify.optionalAuth,
      schema: {
        tags: ['events'],
        summary: 'One event with its options, participants and final choice',
        params: EventIdParams,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      const view = assertVisible(await repo.view(request.params.id), request)
      return toEvent(view, memberId(request, view.id))
    },
  )

  fastify.patch(
    '/:id',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['events'],
        summary: 'Edit title, description, time zone, visibility, voting deadline or capacity (organizer)',
        security: bearerAuth,
        params: EventIdParams,
        body: UpdateEventSchema,
        response: { 200: EventSchema, ...eventProblems },
      },
    },
    async (request) => {
      const view = assertOrganizer(await repo.view(request.params.id), request)
      // A capacity set on a finalized event without seats starts seating in the order of the votes.
      const seatOrder =
        view.final && request.body.capacity
          ? await fastify.yesOrder.forChoice(
              view,
              view.final.timeOptionId,
              view.final.placeOptionId,
              request.body.capacity,
            )
          : undefined
      const doc = await repo.mutate(request.params.id, (current) => ({
        changes: updateEvent(current, request.body, new Date()),
        message: 'event.updated',
        ...(seatOrder ? { seatOrder: seatOrderFor(current, seatOrder) } : {}),
      }))
      return toEvent(toView(doc), request.user.sub)
    },
  )
}
