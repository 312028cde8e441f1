/** Comments on an event, oldest first, paginated by id (ObjectIds grow with time). */
import fp from 'fastify-plugin'
import { ObjectId, type Collection } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { idCursor, withMongoErrors, type IndexPlan } from '@prost/platform'
import type { Comment } from '@prost/contracts'

export interface CommentDoc {
  _id: ObjectId
  eventId: string
  author: { id: string; name: string }
  text: string
  createdAt: Date
}

export const commentIndexes: IndexPlan = { comments: [{ key: { eventId: 1, _id: 1 }, name: 'event_order' }] }

const toComment = (doc: CommentDoc): Comment => ({
  id: doc._id.toHexString(),
  eventId: doc.eventId,
  author: doc.author,
  text: doc.text,
  createdAt: doc.createdAt.toISOString(),
})

export function createCommentsRepository(fastify: FastifyInstance) {
  const comments: Collection<CommentDoc> = fastify.mongo.db.collection<CommentDoc>('comments')
  return {
    async add(eventId: string, author: CommentDoc['author'], text: string) {
      const doc: CommentDoc = { _id: new ObjectId(), eventId, author, text, createdAt: new Date() }
      await withMongoErrors(() => comments.insertOne(doc))
      return toComment(doc)
    },
    async page(eventId: string, limit: number, cursor?: string) {
      const filter = cursor ? { eventId, _id: { $gt: idCursor.decode(cursor) } } : { eventId }
      const docs = await withMongoErrors(() => comments.find(filter).sort({ _id: 1 }).limit(limit + 1).toArray())
      const page = docs.slice(0, limit)
      const nextCursor = docs.length > limit ? idCursor.encode(page.at(-1)!._id) : null
      return { items: page.map(toComment), nextCursor }
    },
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    commentsRepository: ReturnType<typeof createCommentsRepository>
  }
}

export const commentsRepository = fp(
  async function commentsRepository(fastify: FastifyInstance) {
    fastify.decorate('commentsRepository', createCommentsRepository(fastify))
  },
  { name: 'comments-repository', dependencies: ['mongo'] },
)
