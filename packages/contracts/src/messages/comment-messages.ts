/**
 * comment.posted: the events service says "event X has a new comment" so live viewers re-read the
 * comments (the voting service relays it to the event's WebSocket subscribers). It carries no text:
 * readers fetch the comments over REST, where the event's access rules apply.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Envelope } from './envelope.js'
import { ObjectIdString } from '../common/ids.js'

export const CommentPostedMessage = Envelope(
  'comment.posted',
  1,
  Type.Object({ eventId: ObjectIdString, commentId: ObjectIdString }, { additionalProperties: false }),
)
export type CommentPostedMessage = Static<typeof CommentPostedMessage>
