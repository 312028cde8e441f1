/**
 * /api/events/series: repeat meetups. The organizer of an event starts a series from it ("every Friday
 * at 19:00", every N weeks, optional end), reads it, and stops it (future polls only).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { bearerAuth, forbidden, notFound, requireUser } from '@prost/platform'
import {
  CreateSeriesSchema,
  ListSeriesQuerySchema,
  ObjectIdString,
  SeriesListSchema,
  SeriesSchema,
} from '@prost/contracts'
import { assertOrganizer } from '../../../events/access.js'
import { seriesFromEvent } from '../../../series/series-rules.js'
import type { SeriesDoc } from '../../../series/series-document.js'
import { eventProblems } from '../schemas.js'

const SeriesIdParams = Type.Object({ id: ObjectIdString }, { additionalProperties: false })

/** The organizer and the people the series invites see it; to anyone else it does not exist. */
function assertSeesSeries(doc: SeriesDoc | null, request: FastifyRequest): SeriesDoc {
  const me = request.user?.kind === 'user' ? request.user.sub : undefined
  if (!doc || !me || (doc.organizer.id !== me && !doc.invited.some((i) => i.id === me)))
    throw notFound('No such series')
  return doc
}

export const seriesRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const events = fastify.eventsRepository
  const series = fastify.seriesRepository
  const common = {
    preValidation: [fastify.authenticate, requireUser],
  }
  const tags = ['repeat']

  fastify.post(
    '/series',
    {
      ...common,
      schema: {
        tags,
        summary:
          'Start a series of repeat meetups from an event (its organizer): weekly or every N weeks at a wall-clock time in the event’s zone, optional end; each poll is created leadDays before its occurrence, exactly once',
        security: bearerAuth,
        body: CreateSeriesSchema,
        response: { 201: SeriesSchema, ...eventProblems },
      },
    },
    async (request, reply) => {
      assertOrganizer(await events.view(request.body.fromEventId), request)
      const source = await events.findById(request.body.fromEventId)
      if (!source) throw notFound('No such event')
      const organizer = { id: request.user.sub, name: request.user.name }
      const doc = await series.insert(seriesFromEvent(source, request.body, organizer, new Date()))
      const stored = (await series.find(doc._id.toHexString())) ?? doc
      return reply
        .code(201)
        .header('location', `/api/events/series/${doc._id.toHexString()}`)
        .send(await series.view(stored))
    },
  )

  fastify.get(
    '/series',
    {
      ...common,
      schema: {
        tags,
        summary: 'The series of repeat meetups started from an event (its organizer)',
        security: bearerAuth,
        querystring: ListSeriesQuerySchema,
        response: { 200: SeriesListSchema, ...eventProblems },
      },
    },
    async (request) => {
      assertOrganizer(await events.view(request.query.fromEventId), request)
      return { items: await series.listFrom(request.query.fromEventId) }
    },
  )

  fastify.get(
    '/series/:id',
    {
      ...common,
      schema: {
        tags,
        summary: 'A series of repeat meetups: its schedule, next poll and the polls created so far',
        security: bearerAuth,
        params: SeriesIdParams,
        response: { 200: SeriesSchema, ...eventProblems },
      },
    },
    async (request) => series.view(assertSeesSeries(await series.find(request.params.id), request)),
  )

  fastify.post(
    '/series/:id/stop',
    {
      ...common,
      schema: {
        tags,
        summary:
          'Stop a series (its organizer): no more polls; the polls already created stay ordinary events',
        security: bearerAuth,
        params: SeriesIdParams,
        response: { 200: SeriesSchema, ...eventProblems },
      },
    },
    async (request) => {
      const doc = assertSeesSeries(await series.find(request.params.id), request)
      if (doc.organizer.id !== request.user.sub) throw forbidden('Only the organizer can stop the series')
      const stopped = await series.stop(doc._id)
      if (!stopped) throw notFound('No such series')
      return series.view(stopped)
    },
  )
}
