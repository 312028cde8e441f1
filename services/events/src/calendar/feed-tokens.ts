/**
 * Secret calendar feed tokens, one per user. The token is never stored: it is an HMAC of the user id
 * and a random nonce under the service's secret, and the collection keeps the nonce (to show the
 * user their URL again) and the token's SHA-256 (to find the user from a feed request by one
 * equality). A database leak alone therefore opens no feed. Rotating draws a new nonce, so the old
 * URL answers 404 at once. If the secret changes, every URL changes with it (the next GET re-stores
 * the hash), which is the safe direction.
 */
import fp from 'fastify-plugin'
import { createHash, createHmac, randomBytes } from 'node:crypto'
import type { Collection } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { isDuplicateKey } from '@prost/platform'

export const CALENDAR_FEEDS_COLLECTION = 'calendar_feeds'

export interface CalendarFeedDoc {
  /** The user id. */
  _id: string
  nonce: string
  /** SHA-256 (hex) of the current token; unique, looked up by equality. */
  tokenHash: string
  rotatedAt: Date
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

export function createFeedTokens(feeds: Collection<CalendarFeedDoc>, secret: string) {
  const tokenOf = (userId: string, nonce: string) =>
    createHmac('sha256', secret).update(`calendar-feed:${userId}:${nonce}`).digest('base64url')

  const fresh = (userId: string, now: Date): CalendarFeedDoc => {
    const nonce = randomBytes(16).toString('base64url')
    return { _id: userId, nonce, tokenHash: sha256(tokenOf(userId, nonce)), rotatedAt: now }
  }

  return {
    /** The user's current token, made on first use (two first calls racing agree on one). */
    async current(userId: string, now = new Date()) {
      let doc = await feeds.findOne({ _id: userId })
      if (!doc) {
        const candidate = fresh(userId, now)
        try {
          await feeds.insertOne(candidate)
          doc = candidate
        } catch (error) {
          if (!isDuplicateKey(error)) throw error
          doc = await feeds.findOne({ _id: userId })
          if (!doc) throw error
        }
      }
      const token = tokenOf(userId, doc.nonce)
      if (sha256(token) !== doc.tokenHash)
        await feeds.updateOne({ _id: userId }, { $set: { tokenHash: sha256(token) } })
      return { token, rotatedAt: doc.rotatedAt }
    },

    /** A new token; the old one stops working at once. */
    async rotate(userId: string, now = new Date()) {
      const next = fresh(userId, now)
      await feeds.replaceOne({ _id: userId }, next, { upsert: true })
      return { token: tokenOf(userId, next.nonce), rotatedAt: now }
    },

    /** The user a token belongs to, or null for an unknown or rotated token. */
    async userOf(token: string): Promise<string | null> {
      const doc = await feeds.findOne({ tokenHash: sha256(token) }, { projection: { _id: 1 } })
      return doc?._id ?? null
    },
  }
}

export type FeedTokens = ReturnType<typeof createFeedTokens>

declare module 'fastify' {
  interface FastifyInstance {
    feedTokens: FeedTokens
  }
}

export const feedTokens = fp(
  async function feedTokens(fastify: FastifyInstance, options: { secret: string }) {
    fastify.decorate(
      'feedTokens',
      createFeedTokens(
        fastify.mongo.db.collection<CalendarFeedDoc>(CALENDAR_FEEDS_COLLECTION),
        options.secret,
      ),
    )
  },
  { name: 'calendar-feed-tokens', dependencies: ['mongo'] },
)
