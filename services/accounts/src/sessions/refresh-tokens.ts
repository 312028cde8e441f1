/**
 * Opaque, rotating refresh tokens. Each login starts a family; each refresh uses up one token and
 * issues the next in the same family. Only SHA-256 of a token is stored (a database leak yields no
 * usable tokens). Presenting a used token means a copy is in someone else's hands: the family is
 * revoked, which also ends the session holding the newest token.
 *
 * Every decision rests on inserts keyed by `_id`, never on updating a shared document: on FerretDB v1
 * (SQLite) concurrent conditional updates of one document can all match, and concurrent updates
 * overwrite each other. So using a token inserts its hash into `refresh_token_uses` (the unique `_id`
 * lets one of two concurrent refreshes through), and revoking a family inserts the family id into
 * `refresh_family_revocations`. FerretDB v1 has no TTL indexes either: a user's expired documents
 * are deleted whenever that user starts a new family.
 */
import fp from 'fastify-plugin'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import type { ObjectId } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { isDuplicateKey } from '@prost/platform'

export interface RefreshTokenDocument {
  /** SHA-256 (hex) of the token. */
  _id: string
  familyId: string
  userId: ObjectId
  expiresAt: Date
  /** Informational, written once by the refresh that used the token; the claim below is what counts. */
  usedAt: Date | null
  createdAt: Date
}

/** The claim on a token: exists once the token has been used. */
export interface RefreshTokenUseDocument {
  _id: string
  familyId: string
  userId: ObjectId
  usedAt: Date
  /** The token's own expiry: after it the record is not needed. */
  expiresAt: Date
}

export type RevocationReason = 'logout' | 'reuse' | 'disabled'

export interface FamilyRevocationDocument {
  /** The family id. */
  _id: string
  userId: ObjectId
  reason: RevocationReason
  revokedAt: Date
  /** No token of the family outlives this. */
  expiresAt: Date
}

export type Consumed =
  | { status: 'valid'; userId: ObjectId; familyId: string }
  | { status: 'reused'; userId: ObjectId; familyId: string }
  | { status: 'unknown' | 'expired' | 'revoked' }

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** Runs an insert whose `_id` may already exist; that counts as done. Returns whether this call inserted. */
async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert()
    return true
  } catch (error) {
    if (isDuplicateKey(error)) return false
    throw error
  }
}

export function createRefreshTokens(fastify: FastifyInstance, options: { ttlDays: number }) {
  const db = fastify.mongo.db
  const tokens = db.collection<RefreshTokenDocument>('refresh_tokens')
  const uses = db.collection<RefreshTokenUseDocument>('refresh_token_uses')
  const revocations = db.collection<FamilyRevocationDocument>('refresh_family_revocations')
  const ttlMs = options.ttlDays * 24 * 60 * 60 * 1000

  async function issue(userId: ObjectId, familyId: string, now = new Date()): Promise<string> {
    const token = randomBytes(32).toString('base64url')
    await tokens.insertOne({
      _id: hashRefreshToken(token),
      familyId,
      userId,
      expiresAt: new Date(now.getTime() + ttlMs),
      usedAt: null,
      createdAt: now,
    })
    return token
  }

  async function revokeFamilies(userId: ObjectId, familyIds: string[], reason: RevocationReason) {
    const now = new Date()
    const expiresAt = new Date(now.getTime() + ttlMs)
    // One insert each: a family revoked before is a duplicate _id and simply stays revoked.
    for (const familyId of familyIds) {
      await insertOnce(() =>
        revocations.insertOne({ _id: familyId, userId, reason, revokedAt: now, expiresAt }),
      )
    }
  }

  const revokeFamily = (userId: ObjectId, familyId: string, reason: RevocationReason) =>
    revokeFamilies(userId, [familyId], reason)

  async function purgeExpired(userId: ObjectId, now: Date) {
    const filter = { userId, expiresAt: { $lt: now } }
    await Promise.all([tokens.deleteMany(filter), uses.deleteMany(filter), revocations.deleteMany(filter)])
  }

  return {
    /** A new session: a new family and its first token. */
    async startFamily(userId: ObjectId): Promise<string> {
      const now = new Date()
      await purgeExpired(userId, now).catch((err: unknown) =>
        fastify.log.warn({ err }, 'could not delete expired refresh tokens'),
      )
      return issue(userId, randomUUID(), now)
    },

    issue,

    /**
     * Uses up `token`; of two concurrent calls with the same token exactly one sees it valid. The
     * family is checked before the claim, so the loser's reuse revocation cannot fail the winner's
     * answer too (the winner's new token then dies with the family: concurrent use is reuse).
     */
    async consume(token: string): Promise<Consumed> {
      const now = new Date()
      const id = hashRefreshToken(token)
      const found = await tokens.findOne({ _id: id })
      if (!found) return { status: 'unknown' }
      const { familyId, userId } = found
      if (found.expiresAt <= now) return { status: 'expired' }
      if (await revocations.findOne({ _id: familyId })) return { status: 'revoked' }

      const claimed = await insertOnce(() =>
        uses.insertOne({ _id: id, familyId, userId, usedAt: now, expiresAt: found.expiresAt }),
      )
      if (!claimed) {
        await revokeFamily(userId, familyId, 'reuse')
        return { status: 'reused', userId, familyId }
      }
      await tokens.updateOne({ _id: id }, { $set: { usedAt: now } })
      return { status: 'valid', userId, familyId }
    },

    revokeFamily,

    /** Logout: ends the session `token` belongs to, whether or not the token was used already. */
    async revokeFamilyOf(token: string, reason: RevocationReason): Promise<boolean> {
      const found = await tokens.findOne({ _id: hashRefreshToken(token) })
      if (!found) return false
      await revokeFamily(found.userId, found.familyId, reason)
      return true
    },

    /** Every live session of a user, e.g. when an admin disables the account. */
    async revokeAllFor(userId: ObjectId, reason: RevocationReason) {
      const live = await tokens
        .find({ userId, expiresAt: { $gt: new Date() } }, { projection: { familyId: 1 } })
        .toArray()
      await revokeFamilies(userId, [...new Set(live.map((t) => t.familyId))], reason)
    },
  }
}

export type RefreshTokens = ReturnType<typeof createRefreshTokens>

declare module 'fastify' {
  interface FastifyInstance {
    refreshTokens: RefreshTokens
  }
}

export const refreshTokens = fp<{ ttlDays: number }>(
  async function refreshTokens(fastify: FastifyInstance, options) {
    fastify.decorate('refreshTokens', createRefreshTokens(fastify, options))
  },
  { name: 'accounts-refresh-tokens', dependencies: ['mongo'] },
)
