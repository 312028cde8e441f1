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
    /**
     * Opt in to patch frames: after the snapshot, changes come as `board.patch` (RFC 6902 operations
     * against the previous board) instead of whole boards. Off by default: whole boards, no revisions.
     */
    patches: Type.Optional(Type.Boolean()),
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

/**
 * Which board a patching socket holds, in the order this replica built its boards (a socket talks to
 * one replica, so revisions only compare within one connection). Only sent to sockets that asked for
 * patches; every whole board they get carries one and replaces what they had.
 */
export const BoardRevision = Type.Integer({ minimum: 0 })

export const WsSnapshotSchema = Type.Object({
  type: Type.Literal('snapshot'),
  eventId: ObjectIdString,
  board: BoardSchema,
  revision: Type.Optional(BoardRevision),
})
/**
 * A change with the whole board. A patching socket gets one instead of a patch when it does not hold
 * the patch's base (it subscribed in between, or its view changed, e.g. to the fuller board once its
 * own ballot landed): a patch is only ever the difference between two boards of the same view.
 */
export const WsBoardChangeSchema = Type.Object({
  type: Type.Union(BOARD_CHANGE_TYPES.map((t) => Type.Literal(t))),
  eventId: ObjectIdString,
  board: BoardSchema,
  revision: Type.Optional(BoardRevision),
})

/** One RFC 6902 JSON Patch operation (paths are RFC 6901 JSON Pointers into the board). */
const JsonPointer = Type.String({ pattern: '^(/.*)?$' })
export const JsonPatchOperationSchema = Type.Union([
  Type.Object({ op: Type.Literal('add'), path: JsonPointer, value: Type.Unknown() }),
  Type.Object({ op: Type.Literal('remove'), path: JsonPointer }),
  Type.Object({ op: Type.Literal('replace'), path: JsonPointer, value: Type.Unknown() }),
  Type.Object({ op: Type.Literal('move'), from: JsonPointer, path: JsonPointer }),
  Type.Object({ op: Type.Literal('copy'), from: JsonPointer, path: JsonPointer }),
  Type.Object({ op: Type.Literal('test'), path: JsonPointer, value: Type.Unknown() }),
])
export type JsonPatchOperation = Static<typeof JsonPatchOperationSchema>

/**
 * A board change for a socket that asked for patches and holds the board of revision `base`:
 * applying `patch` to it gives the board of `revision`. A client whose revision is not `base`, or
 * whose patch does not apply, subscribes again for a fresh snapshot.
 */
export const WsBoardPatchSchema = Type.Object({
  type: Type.Literal('board.patch'),
  eventId: ObjectIdString,
  change: Type.Union(BOARD_CHANGE_TYPES.map((t) => Type.Literal(t))),
  base: BoardRevision,
  revision: BoardRevision,
  patch: Type.Array(JsonPatchOperationSchema),
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
  WsBoardPatchSchema,
  WsNoticeSchema,
  WsUnsubscribedSchema,
  WsPongSchema,
  WsErrorSchema,
])
export type WsServerMessage = Static<typeof WsServerMessageSchema>

/** Close codes the server uses: 1008 policy violation (repeated abuse), 1009 frame too big, 1013 too slow. */
export const WS_CLOSE = { policy: 1008, tooBig: 1009, tryAgainLater: 1013, goingAway: 1001 } as const
