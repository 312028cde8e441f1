/**
 * Storage of accounts: `users` (the person), `logins` (each way to sign in to one, keyed by `_id`
 * such as "email:ada@example.com" or "telegram:12345") and `disabled_users` (keyed by user id).
 * Keying logins by `_id` makes emails and Telegram ids unique without a unique index on an optional
 * field, which FerretDB v1 could only express with a partial index it does not have.
 *
 * Only the user edits their `users` document. "Disabled" is a document of its own, not a field:
 * FerretDB v1 (SQLite) loses one of two concurrent updates of a document, and an admin's disable
 * must not be undone by the same user saving their profile at that moment.
 */
import fp from 'fastify-plugin'
import { ObjectId, type Filter } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { HttpProblem, isDuplicateKey } from '@prost/platform'
import type { Language } from '@prost/contracts'
import { namePrefixes } from './name-tokens.js'

export interface UserDocument {
  _id: ObjectId
  displayName: string
  /** Search keys, see name-tokens.ts. */
  namePrefixes: string[]
  email?: string
  telegram?: { id: number; username?: string }
  timeZone: string
  language: Language
  createdAt: Date
  updatedAt: Date
}

export interface LoginDocument {
  _id: string
  userId: ObjectId
  /** Email logins only. */
  passwordHash?: string
  createdAt: Date
}

export interface DisabledUserDocument {
  _id: ObjectId
  disabledAt: Date
  disabledBy: ObjectId
}

export const emailLoginId = (normalizedEmail: string) => `email:${normalizedEmail}`
export const telegramLoginId = (telegramId: number) => `telegram:${telegramId}`

export type NewUser = Pick<UserDocument, 'displayName' | 'email' | 'telegram' | 'timeZone' | 'language'>
export type ProfileChanges = Partial<Pick<UserDocument, 'displayName' | 'timeZone' | 'language'>>

export function createUsersRepository(fastify: FastifyInstance) {
  const users = fastify.mongo.db.collection<UserDocument>('users')
  const logins = fastify.mongo.db.collection<LoginDocument>('logins')
  const disabledUsers = fastify.mongo.db.collection<DisabledUserDocument>('disabled_users')

  return {
    /**
     * Claims the login first, then writes the user: a taken email fails before any user exists.
     * No transactions on FerretDB, so a failed user write releases the claim by hand.
     */
    async createWithLogin(
      user: NewUser,
      login: { id: string; passwordHash?: string },
      alreadyExists = 'An account with this login already exists',
    ): Promise<UserDocument> {
      const now = new Date()
      const doc: UserDocument = {
        _id: new ObjectId(),
        ...user,
        namePrefixes: namePrefixes(user.displayName),
        createdAt: now,
        updatedAt: now,
      }
      const loginDoc: LoginDocument = { _id: login.id, userId: doc._id, createdAt: now }
      if (login.passwordHash) loginDoc.passwordHash = login.passwordHash
      try {
        await logins.insertOne(loginDoc)
      } catch (error) {
        if (isDuplicateKey(error)) throw new HttpProblem('already-exists', alreadyExists)
        throw error
      }
      try {
        await users.insertOne(doc)
      } catch (error) {
        await logins.deleteOne({ _id: login.id, userId: doc._id }).catch(() => undefined)
        throw error
      }
      return doc
    },

    findLogin(id: string) {
      return logins.findOne({ _id: id })
    },

    /** Adds a way into an existing account; false when the login already belongs to someone. */
    async addLogin(id: string, userId: ObjectId): Promise<boolean> {
      try {
        await logins.insertOne({ _id: id, userId, createdAt: new Date() })
        return true
      } catch (error) {
        if (isDuplicateKey(error)) return false
        throw error
      }
    },

    /**
     * Points a login at another account. Replaced by `_id` as a whole document (FerretDB 1.x applies
     * it like MongoDB); the caller has just read `login`, and the last of two racing moves wins.
     */
    async moveLogin(login: LoginDocument, to: ObjectId) {
      await logins.replaceOne({ _id: login._id }, { ...login, userId: to })
    },

    /** The Telegram identity shown on the profile; null removes it. */
    async setTelegram(id: ObjectId, telegram: UserDocument['telegram'] | null) {
      const update = telegram
        ? { $set: { telegram, updatedAt: new Date() } }
        : { $unset: { telegram: '' as const }, $set: { updatedAt: new Date() } }
      await users.updateOne({ _id: id }, update)
    },

    findById(id: ObjectId) {
      return users.findOne({ _id: id })
    },

    updateProfile(id: ObjectId, changes: ProfileChanges) {
      const set: Partial<UserDocument> = { ...changes, updatedAt: new Date() }
      if (changes.displayName !== undefined) set.namePrefixes = namePrefixes(changes.displayName)
      return users.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' })
    },

    async isDisabled(id: ObjectId): Promise<boolean> {
      return (await disabledUsers.findOne({ _id: id })) !== null
    },

    /** Which of `ids` are disabled, as hex strings. */
    async disabledAmong(ids: ObjectId[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set()
      const found = await disabledUsers.find({ _id: { $in: ids } }, { projection: { _id: 1 } }).toArray()
      return new Set(found.map((doc) => doc._id.toHexString()))
    },

    async disable(id: ObjectId, by: ObjectId) {
      try {
        await disabledUsers.insertOne({ _id: id, disabledAt: new Date(), disabledBy: by })
      } catch (error) {
        if (!isDuplicateKey(error)) throw error // already disabled: nothing to do
      }
    },

    async enable(id: ObjectId) {
      await disabledUsers.deleteOne({ _id: id })
    },

    /** Users whose name has a word starting with each of `prefixes` (already normalised). */
    async searchByNamePrefixes(prefixes: string[], limit: number) {
      if (prefixes.length === 0) return []
      const filter: Filter<UserDocument> = { $and: prefixes.map((prefix) => ({ namePrefixes: prefix })) }
      return users
        .find(filter, { projection: { _id: 1, displayName: 1 } })
        .sort({ displayName: 1, _id: 1 })
        .limit(limit)
        .toArray()
    },

    /** One page in creation order (ObjectIds grow with time), starting after `after`. */
    listPage(after: ObjectId | undefined, limit: number) {
      const filter: Filter<UserDocument> = after ? { _id: { $gt: after } } : {}
      return users.find(filter).sort({ _id: 1 }).limit(limit).toArray()
    },
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>

declare module 'fastify' {
  interface FastifyInstance {
    usersRepository: UsersRepository
  }
}

export const usersRepository = fp(
  async function usersRepository(fastify: FastifyInstance) {
    fastify.decorate('usersRepository', createUsersRepository(fastify))
  },
  { name: 'accounts-users-repository', dependencies: ['mongo'] },
)
