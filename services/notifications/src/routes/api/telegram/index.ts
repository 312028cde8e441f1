/** /api/telegram: link and unlink a Telegram chat, and the bot's webhook. */
import { timingSafeEqual } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { SingleLineText, TelegramLinkSchema } from '@prost/contracts'
import { bearerAuth, problemResponses, unauthenticated } from '@prost/platform'

const sameSecret = (given: string | undefined, expected: string) => {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

export const telegramRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const { telegramLinking: linking, telegramBot: bot } = fastify

  fastify.post(
    '/link',
    {
      preValidation: fastify.authenticate,
      schema: {
        tags: ['telegram'],
        summary: 'A one-time deep link that binds a Telegram chat to me (valid 15 minutes, once)',
        security: bearerAuth,
        response: { 200: TelegramLinkSchema, ...problemResponses(401, 503) },
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
        security: bearerAuth,
        response: { 204: Type.Null(), ...problemResponses(401, 503) },
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
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...problemResponses(401, 503) },
      },
      config: { rateLimit: false },
      // Checked before the body is even read: a wrong secret processes nothing.
      onRequest: async (request) => {
        const { secret } = request.params as { secret?: string }
        const header = request.headers['x-telegram-bot-api-secret-token']
        const expected = bot.webhookSecret
        if (
          !expected ||
          !sameSecret(secret, expected) ||
          !sameSecret(typeof header === 'string' ? header : undefined, expected)
        ) {
          request.log.warn('telegram webhook with a wrong secret refused')
          throw unauthenticated('Wrong webhook secret')
        }
      },
    },
    // An update the bot fails on is logged and answered 200 by the bot itself (Telegram would send it
    // again forever); a database that is away answers 503 here, so Telegram brings the update back.
    async (request) => {
      await bot.handleUpdate(request.body)
      return { ok: true }
    },
  )
}
