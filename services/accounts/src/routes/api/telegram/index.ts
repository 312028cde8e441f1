/**
 * Sign in with Telegram, by the Login Widget or from inside the Mini App (the first sign-in either
 * way creates the account), and whether it is offered.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses } from '@prost/platform'
import {
  AuthProvidersSchema,
  AuthSessionSchema,
  TelegramLoginSchema,
  TelegramWebAppLoginSchema,
} from '@prost/contracts'
import { logInWithTelegram } from '../../../sessions/sign-in.js'
import { logInWithTelegramWebApp } from '../../../sessions/telegram-webapp.js'
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

  fastify.post(
    '/telegram/webapp',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in from inside the Telegram Mini App with its initData',
        description:
          'Send Telegram.WebApp.initData (the tgWebAppData launch parameter) exactly as Telegram gave it. ' +
          'The same initData may sign in again while its auth_date is within TELEGRAM_WEBAPP_MAX_AGE_SECONDS. ' +
          '401 when it is forged, signed for another bot, too old or names no user; 404 when this ' +
          'deployment has no bot token.',
        body: TelegramWebAppLoginSchema,
        response: { 200: AuthSessionSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 429) },
      },
      config: { rateLimit: perIpLimit(10) },
    },
    async (request) => logInWithTelegramWebApp(fastify, request.body.initData),
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
