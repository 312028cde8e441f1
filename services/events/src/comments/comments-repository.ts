/** Comments on an event, oldest first, paginated by id (ObjectIds grow with time). */
import fp from 'fastify-plugin'
import { ObjectId, type Collection } from 'mongodb'
import type { FastifyInstance } from 'fastify'
import { idCursor } from '@prost/platform'
import type { Comment, CommentPage } from '@prost/contracts'

export const COMMENTS_COLLECTION = 'comments'

export interface CommentDoc {
  _id: ObjectId
  eventId: string
  author: Comment['author']
  text: string
  createdAt: Date
}

const toComment = (doc: CommentDoc): Comment => ({
  id: doc._id.toHexString(),
  eventId: doc.eventId,
  author: doc.author,
  text: doc.text,
  createdAt: doc.createdAt.toISOString(),
})

export function createCommentsRepository(fastify: FastifyInstance) {
  const comments: Collection<CommentDoc> = fastify.mongo.db.collection<CommentDoc>(COMMENTS_COLLECTION)
  return {
    async add(eventId: string, author: CommentDoc['author'], text: string): Promise<Comment> {
      const doc: CommentDoc = { _id: new ObjectId(), eventId, author, text, createdAt: new Date() }
      await comments.insertOne(doc)
      return toComment(doc)
    },
    async page(eventId: string, limit: number, cursor?: string): Promise<CommentPage> {
      const filter = cursor ? { eventId, _id: { $gt: idCursor.decode(cursor) } } : { eventId }
      const docs = await comments
        .find(filter)
        .sort({ _id: 1 })
        .limit(limit + 1)
        .toArray()
      const page = docs.slice(0, limit)
      const nextCursor = docs.length > limit ? idCursor.encode(page.at(-1)!._id) : null
      return { items: page.map(toComment), nextCursor }
    },
  }
}

export type CommentsRepository = ReturnType<typeof createCommentsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    commentsRepository: CommentsRepository
  }
}

export const commentsRepository = fp(
  async function commentsRepository(fastify: FastifyInstance) {
    fastify.decorate('commentsRepository', createCommentsRepository(fastify))
  },
  { name: 'events-comments-repository', dependencies: ['mongo'] },
)
