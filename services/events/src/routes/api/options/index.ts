/**
 * /api/events/:id/time-options and /place-options: the organizer proposes, edits and removes options;
 * with `allowParticipantOptions` participants propose options too (and may remove their own).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { bearerAuth } from '@prost/platform'
import { NewPlaceOptionSchema, NewTimeOptionSchema, EventSchema } from '@prost/contracts'
import {
  addPlaceOption,
  addTimeOption,
  removeOption,
  replacePlaceOption,
  replaceTimeOption,
} from '../../../events/event-rules.js'
import { toEvent, toView } from '../../../events/event-document.js'
import { assertMayProposeOption, assertMayRemoveOption, assertOrganizer } from '../../../events/access.js'
import { EventIdParams, OptionParams, eventProblems } from '../schemas.js'

export const optionRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository
  const common = { preValidation: fastify.authenticate }
  const schema = (summary: string) => ({ tags: ['options'], summary, security: bearerAuth })
  const answer = { 200: EventSchema, ...eventProblems }

  fastify.post(
    '/:id/time-options',
    {
      ...common,
      schema: {
        ...schema(
          'Propose another time (the organizer; participants too when the event allows participant options)',
        ),
        params: EventIdParams,
        body: NewTimeOptionSchema,
        response: { 201: EventSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      const proposedBy = assertMayProposeOption(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => ({
        changes: addTimeOption(current, request.body, new Date(), proposedBy).changes,
        message: 'event.updated',
      }))
      return reply.code(201).send(toEvent(toView(doc), request.user.sub))
    },
  )

  fastify.put(
    '/:id/time-options/:optionId',
    {
      ...common,
      schema: {
        ...schema('Change a proposed time'),
        params: OptionParams,
        body: NewTimeOptionSchema,
        response: answer,
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => ({
        changes: replaceTimeOption(current, request.params.optionId, request.body, new Date()).changes,
        message: 'event.updated',
      }))
      return toEvent(toView(doc), request.user.sub)
    },
  )

  fastify.post(
    '/:id/place-options',
    {
      ...common,
      schema: {
        ...schema(
          'Propose another place (the organizer; participants too when the event allows participant options)',
        ),
        params: EventIdParams,
        body: NewPlaceOptionSchema,
        response: { 201: EventSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      const proposedBy = assertMayProposeOption(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => ({
        changes: addPlaceOption(current, request.body, proposedBy).changes,
        message: 'event.updated',
      }))
      return reply.code(201).send(toEvent(toView(doc), request.user.sub))
    },
  )

  fastify.put(
    '/:id/place-options/:optionId',
    {
      ...common,
      schema: {
        ...schema('Change a proposed place'),
        params: OptionParams,
        body: NewPlaceOptionSchema,
        response: answer,
      },
    },
    async (request) => {
      assertOrganizer(await repo.view(request.params.id), request)
      const doc = await repo.mutate(request.params.id, (current) => ({
        changes: replacePlaceOption(current, request.params.optionId, request.body).changes,
        message: 'event.updated',
      }))
      return toEvent(toView(doc), request.user.sub)
    },
  )

  for (const kind of ['time', 'place'] as const) {
    fastify.delete(
      `/:id/${kind}-options/:optionId`,
      {
        ...common,
        schema: {
          ...schema(`Remove a proposed ${kind} (the organizer any option, a participant one they proposed)`),
          params: OptionParams,
          response: answer,
        },
      },
      async (request) => {
        const removerId = assertMayRemoveOption(await repo.view(request.params.id), request)
        const doc = await repo.mutate(request.params.id, (current) => ({
          changes: removeOption(current, kind, request.params.optionId, removerId),
          message: 'event.updated',
        }))
        return toEvent(toView(doc), request.user.sub)
      },
    )
  }
}
