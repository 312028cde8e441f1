/** Messages on the live vote board WebSocket (`/ws`), both directions, discriminated by `type`. */
import { Type, type Static } from '@sinclair/typebox'
import { ObjectIdString } from '../common/ids.js'
import { BoardSchema } from './board.js'

export const WsSubscribeSchema = Type.Object(
  {
    type: Type.Literal('subscribe'),
    eventId: ObjectIdString,
    /** Access or participant token; else the one given on the upgrade (?token= or Authorization). */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
  },
  { additionalProperties: false },
)
export const WsUnsubscribeSchema = Type.Object(
  { type: Type.Literal('unsubscribe'), eventId: ObjectIdString },
  { additionalProperties: false },
)
/** Browsers cannot send ping frames; this application-level ping is answered with a pong. */
export const WsPingSchema = Type.Object({ type: Type.Literal('ping') }, { additionalProperties: false })

export const WsClientMessageSchema = Type.Union([WsSubscribeSchema, WsUnsubscribeSchema, WsPingSchema])
export type WsClientMessage = Static<typeof WsClientMessageSchema>

/** Why a board was sent after the snapshot. */
export const BOARD_CHANGE_TYPES = [
  'ballot.changed',
  'event.changed',
  'event.finalized',
  'event.cancelled',
] as const
export type BoardChangeType = (typeof BOARD_CHANGE_TYPES)[number]

export const WsSnapshotSchema = Type.Object({
  type: Type.Literal('snapshot'),
  eventId: ObjectIdString,
  board: BoardSchema,
})
export const WsBoardChangeSchema = Type.Object({
  type: Type.Union(BOARD_CHANGE_TYPES.map((t) => Type.Literal(t))),
  eventId: ObjectIdString,
  board: BoardSchema,
})
/** Something beside the board changed (new comments): re-read it over REST, where access rules apply. */
export const LIVE_NOTICE_TYPES = ['comments.changed'] as const
export type LiveNoticeType = (typeof LIVE_NOTICE_TYPES)[number]
export const WsNoticeSchema = Type.Object({
  type: Type.Union(LIVE_NOTICE_TYPES.map((t) => Type.Literal(t))),
  eventId: ObjectIdString,
})
export const WsUnsubscribedSchema = Type.Object({
  type: Type.Literal('unsubscribed'),
  eventId: ObjectIdString,
})
export const WsPongSchema = Type.Object({ type: Type.Literal('pong') })

export const WS_ERROR_CODES = [
  'malformed',
  'unauthenticated',
  'not-found',
  'too-many-subscriptions',
  'rate-limited',
  'unavailable',
] as const
export type WsErrorCode = (typeof WS_ERROR_CODES)[number]

export const WsErrorSchema = Type.Object({
  type: Type.Literal('error'),
  code: Type.Union(WS_ERROR_CODES.map((c) => Type.Literal(c))),
  message: Type.String(),
  eventId: Type.Optional(Type.String()),
})

export const WsServerMessageSchema = Type.Union([
  WsSnapshotSchema,
  WsBoardChangeSchema,
  WsNoticeSchema,
  WsUnsubscribedSchema,
  WsPongSchema,
  WsErrorSchema,
])
export type WsServerMessage = Static<typeof WsServerMessageSchema>

/** Close codes the server uses: 1008 policy violation (repeated abuse), 1009 frame too big, 1013 too slow. */
export const WS_CLOSE = { policy: 1008, tooBig: 1009, tryAgainLater: 1013, goingAway: 1001 } as const
