/**
 * Reads only other Prost services make, under /internal/ (the ingress answers 404 there) and behind
 * INTERNAL_API_TOKEN: events' deadline sweeper asks what an automatic finalize picks, and the
 * notifications worker reads who has not voted (nudges, "everyone answered") without acting as
 * any user, since the organizer need not have Telegram.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { BestChoiceSchema, BoardSchema, ObjectIdString } from '@prost/contracts'
import { notFound, problemResponses, requireInternalToken } from '@prost/platform'
import { bestChoice } from '../../../board/auto-choice.js'

export interface InternalRoutesOptions {
  internalApiToken: string
}

const Params = Type.Object({ eventId: ObjectIdString })
const internalProblems = problemResponses(400, 401, 404)

export const internalRoutes: FastifyPluginAsyncTypebox<InternalRoutesOptions> = async (fastify, options) => {
  const { boardCache } = fastify
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
