import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'
import { CursorQuery, Page } from '../common/pagination.js'
import { MultiLineText } from '../common/text.js'
import { PersonSchema } from './event.js'

export const CommentSchema = Type.Object({
  id: ObjectIdString,
  eventId: ObjectIdString,
  author: PersonSchema,
  text: Type.String(),
  createdAt: Instant,
})
export type Comment = Static<typeof CommentSchema>

export const CreateCommentSchema = Type.Object(
  { text: MultiLineText({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
)

export const ListCommentsQuerySchema = Type.Object({ ...CursorQuery }, { additionalProperties: false })
export const CommentPageSchema = Page(CommentSchema)
export type CommentPage = Static<typeof CommentPageSchema>
