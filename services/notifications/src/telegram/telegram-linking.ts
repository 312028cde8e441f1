/** One-time link tokens (stored hashed, 15 minutes, single use) that bind a Telegram chat to a subject. */
import { createHash, randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'

export const LINK_TOKEN_TTL_MS = 15 * 60_000

const hash = (token: string) => createHash('sha256').update(token).digest('hex')

export type RedeemOutcome = 'linked' | 'expired' | 'used' | 'unknown'
/** What a /start did; a link names the Prost subject the chat is now bound to. */
export type RedeemResult =
  | { outcome: 'linked'; subject: string; subjectKind: 'user' | 'participant' }
  | { outcome: Exclude<RedeemOutcome, 'linked'> }

/**
 * The chat's language as Telegram reports it (an IETF tag such as "ru" or "pt-br"), or null. It comes
 * from Telegram past any schema: anything else (control characters, junk) is not stored.
 */
export const languageTag = (code: string | null | undefined) =>
  code && code.length <= 35 && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(code) ? code : null

export function createTelegramLinking(store: Store, clock: Clock, botUsername: string) {
  return {
    async createLink(subject: string, subjectKind: 'user' | 'participant') {
      // 32 URL-safe characters: fits Telegram's 64-character /start parameter alphabet [A-Za-z0-9_-].
      const token = randomBytes(24).toString('base64url')
      const now = clock.now()
      const expiresAt = new Date(now.getTime() + LINK_TOKEN_TTL_MS)
      await store.linkTokens.insertOne({
        _id: hash(token),
        subject,
        subjectKind,
        createdAt: now,
        expiresAt,
        usedAt: null,
      })
      return {
        deepLink: `https://t.me/${botUsername}?start=${token}`,
        expiresAt: expiresAt.toISOString(),
        token,
      }
    },

    /** Consumes the token atomically (only one /start can win it) and binds the chat. */
    async redeem(token: string, chatId: number, languageCode: string | null): Promise<RedeemResult> {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(token)) return { outcome: 'unknown' }
      const now = clock.now()
      const _id = hash(token)
      const doc = await store.linkTokens.findOne({ _id })
      if (!doc) return { outcome: 'unknown' }
      if (doc.usedAt) return { outcome: 'used' }
      if (doc.expiresAt <= now) return { outcome: 'expired' }
      // Single use even when two /start race: the claim is an atomic insert, a conditional update is not (FerretDB 1.x).
      if (!(await store.locks.claim(`link-token:${_id}`, { now }))) return { outcome: 'used' }
      await store.linkTokens.updateOne({ _id }, { $set: { usedAt: now, usedByChatId: chatId } })
      await store.links.updateOne(
        { _id: doc.subject },
        {
          $set: {
            subjectKind: doc.subjectKind,
            chatId,
            languageCode: languageTag(languageCode),
            linkedAt: now,
            blockedAt: null,
          },
        },
        { upsert: true },
      )
      return { outcome: 'linked', subject: doc.subject, subjectKind: doc.subjectKind }
    },

    async unlinkSubject(subject: string) {
      const result = await store.links.deleteOne({ _id: subject })
      return result.deletedCount > 0
    },

    async unlinkChat(chatId: number) {
      const result = await store.links.deleteMany({ chatId })
      return result.deletedCount
    },
  }
}
export type TelegramLinking = ReturnType<typeof createTelegramLinking>

declare module 'fastify' {
  interface FastifyInstance {
    telegramLinking: TelegramLinking
  }
}

export const telegramLinking = fp<{ botUsername: string }>(
  async (fastify, { botUsername }) => {
    fastify.decorate(
      'telegramLinking',
      createTelegramLinking(fastify.notificationsStore, fastify.notificationsClock, botUsername),
    )
  },
  { name: 'notifications-telegram-linking', dependencies: ['notifications-store', 'notifications-clock'] },
)
