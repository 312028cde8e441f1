/**
 * Compiled checkers for what crosses a process boundary without an HTTP route schema: domain
 * messages off RabbitMQ and WebSocket frames. Every consumer checks with these, so a shape is
 * defined once, here in contracts. A separate entry point (`@prost/contracts/checkers`) keeps the
 * compiler out of the web bundle; formats.ts registers the string formats the schemas use.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler'
import './formats.js'
import { CommentPostedMessage } from '../messages/comment-messages.js'
import { BoardChangedMessage } from '../messages/board-messages.js'
import { BestChoiceSchema, BoardSchema } from '../votes/board.js'
import { BallotSchema } from '../votes/ballot.js'
import { YesOrderSchema } from '../events/seating.js'
import { EventSchema, JoinResultSchema, MyEventsSchema } from '../events/event.js'
import { AuthSessionSchema } from '../accounts/session.js'
import { TelegramIdentityLinkSchema } from '../accounts/telegram-webapp.js'
import { EventMessageSchema, EventStateSchema } from '../messages/event-messages.js'
import { WsClientMessageSchema, WsServerMessageSchema } from '../votes/live.js'

/** Any event.* / participant.joined envelope with its full event state. */
export const eventMessageChecker = TypeCompiler.Compile(EventMessageSchema)
/** The event state every event message carries. */
export const eventStateChecker = TypeCompiler.Compile(EventStateSchema)
/** comment.posted envelopes. */
export const commentPostedChecker = TypeCompiler.Compile(CommentPostedMessage)
/** board.changed envelopes (voting → notifications). */
export const boardChangedChecker = TypeCompiler.Compile(BoardChangedMessage)
/** REST answers another service reads (the bot calls the APIs as a Telegram user). */
export const boardChecker = TypeCompiler.Compile(BoardSchema)
export const bestChoiceChecker = TypeCompiler.Compile(BestChoiceSchema)
/** Voting's internal answer to "who said yes to the chosen options first" (events, at finalize). */
export const yesOrderChecker = TypeCompiler.Compile(YesOrderSchema)
export const ballotChecker = TypeCompiler.Compile(BallotSchema)
export const eventChecker = TypeCompiler.Compile(EventSchema)
export const joinResultChecker = TypeCompiler.Compile(JoinResultSchema)
export const myEventsChecker = TypeCompiler.Compile(MyEventsSchema)
export const authSessionChecker = TypeCompiler.Compile(AuthSessionSchema)
export const telegramIdentityLinkChecker = TypeCompiler.Compile(TelegramIdentityLinkSchema)
/** Frames a browser sends on the live board socket. */
export const wsClientMessageChecker = TypeCompiler.Compile(WsClientMessageSchema)
/** Frames the live board socket sends. */
export const wsServerMessageChecker = TypeCompiler.Compile(WsServerMessageSchema)

/** "/payload/state/eventId must be string; …": the first few reasons a value was refused, for logs. */
export function describeRefusal(
  checker: { Errors(value: unknown): Iterable<{ path: string; message: string }> },
  value: unknown,
  max = 3,
) {
  const reasons: string[] = []
  for (const error of checker.Errors(value)) {
    reasons.push(`${error.path || '/'} ${error.message}`)
    if (reasons.length >= max) break
  }
  return reasons.join('; ')
}
