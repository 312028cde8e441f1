/**
 * Routes only other Prost services call, under /internal/ (the ingress answers 404 for any path
 * with /internal/ in it) and behind INTERNAL_API_TOKEN. Today: the Telegram bot signs in as the
 * Telegram user whose tap or command it is handling, so it votes and joins through the same public
 * APIs as that user would, with no second voting path; and it tells accounts which account a
 * Telegram id belongs to once `/start <link token>` linked them, so one person has one account.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { problemResponses, requireInternalToken } from '@prost/platform'
import {
  AuthSessionSchema,
  InternalTelegramLinkSchema,
  InternalTelegramSessionSchema,
  TelegramIdentityLinkSchema,
} from '@prost/contracts'
import { signInAsTelegramUser } from '../../../sessions/sign-in.js'
import { linkTelegramIdentity } from '../../../users/telegram-identity.js'

export const internalRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/internal/telegram-session',
    {
      schema: {
        // Not in the public API docs (served through the ingress); described in the README.
        hide: true,
        tags: ['internal'],
        summary: 'A session for a Telegram user the bot heard from (creates the account on first use)',
        description:
          'For the Telegram bot only: header x-prost-internal-token with INTERNAL_API_TOKEN. The user is ' +
          'the `from` of a Telegram update, which Telegram vouches for. Same account and session as the ' +
          'Login Widget and the Mini App give that Telegram id. 404 when INTERNAL_API_TOKEN is not set.',
        body: InternalTelegramSessionSchema,
        response: { 200: AuthSessionSchema, ...problemResponses(400, 401, 403, 404, 409, 413, 429) },
      },
      preValidation: requireInternalToken(fastify.accountsSettings.internalApiToken),
      // The bot signs in for every tapper of a busy group card from one address: no per-IP budget
      // (the kit's global limit still applies), and only the holder of the token gets this far.
      config: { rateLimit: false },
    },
    async (request) => signInAsTelegramUser(fastify, request.body.user),
  )

  fastify.post(
    '/internal/telegram-link',
    {
      schema: {
        hide: true,
        tags: ['internal'],
        summary: 'The Telegram id of a linked chat signs in to the account that made the link token',
        description:
          'For the Telegram bot only: header x-prost-internal-token with INTERNAL_API_TOKEN. Called after ' +
          '`/start <link token>` in the private chat of `user` bound that chat to `userId`. If the Telegram ' +
          'id signed in to another account before, it moves (previousUserId names that account). 404 when ' +
          'the account does not exist or INTERNAL_API_TOKEN is not set.',
        body: InternalTelegramLinkSchema,
        response: { 200: TelegramIdentityLinkSchema, ...problemResponses(400, 401, 403, 404, 413, 429) },
      },
      preValidation: requireInternalToken(fastify.accountsSettings.internalApiToken),
      config: { rateLimit: false },
    },
    async (request) => linkTelegramIdentity(fastify, request.body.userId, request.body.user),
  )
}
