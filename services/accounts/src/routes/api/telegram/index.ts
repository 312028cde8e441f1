/** Sign in with the Telegram Login Widget (the first login creates the account), and whether it is offered. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '@prost/platform'
import { AuthProvidersSchema, AuthSessionSchema, TelegramLoginSchema } from '@prost/contracts'
import { logInWithTelegram } from '../../../sessions/sign-in.js'
import { perIpLimit } from '../../per-ip-limit.js'

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

  fastify.get(
    '/providers',
    {
      schema: {
        tags: ['auth'],
        summary:
          'The sign-in methods this deployment offers (the SPA shows the Telegram widget only when set up)',
        response: { 200: AuthProvidersSchema, ...problemResponses(429) },
      },
    },
    async (_request, reply) => {
      const { telegramBotToken, telegramBotUsername } = fastify.accountsSettings
      reply.header('cache-control', 'public, max-age=300')
      return {
        password: true,
        telegram: telegramBotToken && telegramBotUsername ? { botUsername: telegramBotUsername } : null,
      }
    },
  )
}
