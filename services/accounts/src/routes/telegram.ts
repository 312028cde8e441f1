/** Sign in with the Telegram Login Widget; the first login creates the account. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AuthSessionSchema, TelegramLoginSchema } from '@prost/contracts'
import { logInWithTelegram } from '../sessions/sign-in.js'
import { problemResponses } from './problem-responses.js'
import { perIpLimit } from './per-ip-limit.js'

export const telegramRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/telegram',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with the Telegram Login Widget payload',
        description:
          'Send the fields the widget gives, unchanged. 404 when this deployment has no bot token ' +
          '(Telegram login is not configured).',
        body: TelegramLoginSchema,
        response: { 200: AuthSessionSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 429) },
      },
      config: { rateLimit: perIpLimit(10) },
    },
    async (request) => logInWithTelegram(fastify, request.body),
  )
}
