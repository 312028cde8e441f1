/** /api/telegram: link and unlink a Telegram chat, and the bot's webhook. */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ProblemSchema, SingleLineText } from '@prost/contracts'
import { unauthenticated } from '@prost/platform'
import { TelegramLinkSchema } from '@prost/contracts'
import type { TelegramLinking } from '../../../telegram-linking.js'
import type { ProstBot } from '../../../bot.js'

export interface TelegramRoutesOptions {
  linking: TelegramLinking
  bot: ProstBot
  /** Set only in webhook mode; without it the webhook route answers 401 to everyone. */
  webhookSecret: string | null
}

const sameSecret = (given: string | undefined, expected: string) => {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export const telegramRoutes: FastifyPluginAsyncTypebox<TelegramRoutesOptions> = async (fastify, options) => {
  const { linking, bot, webhookSecret } = options

  fastify.post(
    '/link',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['telegram'],
        summary: 'A one-time deep link that binds a Telegram chat to me (valid 15 minutes, once)',
        security: [{ bearer: [] }],
        response: { 200: TelegramLinkSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const { deepLink, expiresAt } = await linking.createLink(request.user.sub, request.user.kind)
      return { deepLink, expiresAt }
    },
  )

  fastify.delete(
    '/link',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['telegram'],
        summary: 'Unlink my Telegram chat (no more reminders)',
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      await linking.unlinkSubject(request.user.sub)
      return reply.code(204).send(null)
    },
  )

  fastify.post(
    '/webhook/:secret',
    {
      schema: {
        tags: ['telegram'],
        summary: 'Telegram Bot API webhook (path secret and X-Telegram-Bot-Api-Secret-Token must match)',
        params: Type.Object({ secret: SingleLineText({ maxLength: 256 }) }),
        response: { 200: Type.Object({ ok: Type.Boolean() }), 401: ProblemSchema },
      },
      config: { rateLimit: false },
      // Checked before the body is even read: a wrong secret processes nothing.
      onRequest: async (request) => {
        const { secret } = request.params as { secret?: string }
        const header = request.headers['x-telegram-bot-api-secret-token']
        if (
          !webhookSecret ||
          !sameSecret(secret, webhookSecret) ||
          !sameSecret(typeof header === 'string' ? header : undefined, webhookSecret)
        ) {
          request.log.warn('telegram webhook with a wrong secret refused')
          throw unauthenticated('Wrong webhook secret')
        }
      },
    },
    async (request) => {
      try {
        await bot.handleUpdate(request.body)
      } catch (error) {
        // Telegram retries non-2xx answers; an update we cannot handle must not come back forever.
        request.log.error({ err: error }, 'telegram update failed')
      }
      return { ok: true }
    },
  )
}
