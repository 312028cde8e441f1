/**
 * /api/events/calendar: my personal calendar feed URL (show, rotate) and the feed itself, read by
 * calendar apps with the secret token in the path instead of an Authorization header.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { FastifyRequest } from 'fastify'
import { bearerAuth, notFound, problemResponses, requireUser } from '@prost/platform'
import { CalendarFeedFileParamsSchema, CalendarFeedSchema } from '@prost/contracts'
import { toEvent, toView } from '../../../events/event-document.js'
import { calendarFeedIcs } from '../../../calendar/feed-ics.js'

/** Calendar apps refresh a feed every few minutes at most; more from one address is a token hunt. */
const FEED_READS_PER_MINUTE = 30

export const calendarRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const repo = fastify.eventsRepository
  const tokens = fastify.feedTokens
  const base = fastify.eventsSettings.publicUrl.replace(/\/+$/, '')

  const urls = ({ token, rotatedAt }: { token: string; rotatedAt: Date }) => {
    const httpsUrl = `${base}/api/events/calendar/${token}.ics`
    return {
      httpsUrl,
      webcalUrl: httpsUrl.replace(/^https?:\/\//, 'webcal://'),
      rotatedAt: rotatedAt.toISOString(),
    }
  }

  const mine = {
    preValidation: [fastify.authenticate, requireUser],
    schema: { tags: ['calendar'], security: bearerAuth },
  }

  fastify.get(
    '/calendar/feed',
    {
      ...mine,
      schema: {
        ...mine.schema,
        summary: 'My personal calendar feed URL (https and webcal), made on first use',
        response: { 200: CalendarFeedSchema, ...problemResponses(401, 403, 429, 503) },
      },
    },
    async (request) => urls(await tokens.current(request.user.sub)),
  )

  fastify.post(
    '/calendar/feed/rotate',
    {
      ...mine,
      schema: {
        ...mine.schema,
        summary: 'Rotate my calendar feed token: a new URL, and the old one answers 404 from now on',
        response: { 200: CalendarFeedSchema, ...problemResponses(401, 403, 429, 503) },
      },
    },
    async (request) => urls(await tokens.rotate(request.user.sub)),
  )

  fastify.get(
    '/calendar/:file',
    {
      config: {
        rateLimit: {
          max: FEED_READS_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: (request: FastifyRequest) => `calendar-feed:ip:${request.ip}`,
        },
      },
      schema: {
        tags: ['calendar'],
        summary:
          'The personal calendar feed (text/calendar, RFC 5545): every event I take part in; decided ones CONFIRMED, undecided ones as TENTATIVE options, cancelled ones CANCELLED. The token is the credential: 404 for an unknown or rotated one.',
        params: CalendarFeedFileParamsSchema,
        response: {
          200: Type.String({ description: 'text/calendar' }),
          ...problemResponses(400, 404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const userId = await tokens.userOf(request.params.file.slice(0, -'.ics'.length))
      if (!userId) throw notFound('No such calendar feed')
      const docs = await repo.listParticipating(userId)
      const events = docs.map((doc) => toEvent(toView(doc), userId))
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', 'inline; filename="prost.ics"')
        .send(calendarFeedIcs(events, fastify.eventsSettings.publicUrl))
    },
  )
}
