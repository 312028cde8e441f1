/**
 * Reads only other Prost services make, under /internal/ (the ingress answers 404 there) and behind
 * INTERNAL_API_TOKEN: events' deadline sweeper asks what an automatic finalize picks, events asks
 * who said yes first when seats of a full event are handed out, and the
 * notifications worker reads who has not voted (nudges, "everyone answered") without acting as
 * any user, since the organizer need not have Telegram.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import {
  BestChoiceSchema,
  BoardSchema,
  ObjectIdString,
  YesOrderQuerySchema,
  YesOrderSchema,
} from '@prost/contracts'
import { notFound, problemResponses, requireInternalToken } from '@prost/platform'
import { bestChoice } from '../../../board/auto-choice.js'
import { yesOrder } from '../../../board/yes-order.js'

export interface InternalRoutesOptions {
  internalApiToken: string
}

const Params = Type.Object({ eventId: ObjectIdString })
const internalProblems = problemResponses(400, 401, 404)

export const internalRoutes: FastifyPluginAsyncTypebox<InternalRoutesOptions> = async (fastify, options) => {
  const { boardCache, eventReadModel, ballots } = fastify
  const guard = requireInternalToken(options.internalApiToken)

  async function boardOf(eventId: string) {
    const current = await boardCache.current(eventId)
    if (!current) throw notFound('No such event')
    return current.board
  }

  fastify.get(
    '/internal/:eventId/best',
    {
      schema: {
        hide: true,
        tags: ['internal'],
        summary: 'The time and place an automatic finalize takes (yes = 1, if-need-be = 0.5)',
        params: Params,
        response: { 200: BestChoiceSchema, ...internalProblems },
      },
      preValidation: guard,
      config: { rateLimit: false },
    },
    async (request) => bestChoice(await boardOf(request.params.eventId)),
  )

  fastify.get(
    '/internal/:eventId/yes-order',
    {
      schema: {
        hide: true,
        tags: ['internal'],
        summary:
          'Who said yes to both the time and the place, earliest first: the seat order of a capacity (events, at finalize)',
        params: Params,
        querystring: YesOrderQuerySchema,
        response: { 200: YesOrderSchema, ...internalProblems },
      },
      preValidation: guard,
      config: { rateLimit: false },
    },
    async (request) => {
      const state = await eventReadModel.get(request.params.eventId)
      if (!state) throw notFound('No such event')
      const { timeOptionId, placeOptionId } = request.query
      return yesOrder(state, await ballots.yesTimesOf(state.eventId), timeOptionId, placeOptionId)
    },
  )

  fastify.get(
    '/internal/:eventId/board',
    {
      schema: {
        hide: true,
        tags: ['internal'],
        summary: 'The vote board of any event, whoever may see it',
        params: Params,
        response: { 200: BoardSchema, ...internalProblems },
      },
      preValidation: guard,
      config: { rateLimit: false },
    },
    async (request) => boardOf(request.params.eventId),
  )
}
