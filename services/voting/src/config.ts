import { Type, type Static } from '@sinclair/typebox'
import { AmqpConfigSchema, InternalApiConfigSchema, serviceConfigSchema } from '@prost/platform'

export const VotingOwnConfigSchema = Type.Object({
  /** The durable queue this service's replicas share for event.* messages (competing consumers). */
  EVENT_QUEUE: Type.String({ default: 'voting.event-state', pattern: '^[A-Za-z0-9._-]{1,200}$' }),
  /** Set for throwaway queues (tests, previews): the broker deletes the queue once unused this long. */
  EVENT_QUEUE_EXPIRES_MS: Type.Optional(Type.Integer({ minimum: 1000 })),
  /** How long a ballot that names an unknown event, option or participant waits for the read model. */
  READ_MODEL_WAIT_MS: Type.Integer({ minimum: 0, maximum: 10_000, default: 2000 }),
  BALLOT_RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 30 }),
  BALLOT_RATE_LIMIT_WINDOW_SECONDS: Type.Integer({ minimum: 1, default: 60 }),
  /** Redis pub/sub channel prefix for board fan-out across replicas; the event id follows. */
  FANOUT_CHANNEL_PREFIX: Type.String({ default: 'votes:' }),
  /** board.changed messages (the bot's group cards listen): at most one per event per replica per window. */
  BOARD_CHANGED_WINDOW_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 500 }),
  WS_MAX_SUBSCRIPTIONS: Type.Integer({ minimum: 1, default: 20 }),
  WS_MAX_FRAME_BYTES: Type.Integer({ minimum: 256, default: 4096 }),
  WS_MAX_MESSAGES_PER_SECOND: Type.Integer({ minimum: 1, default: 10 }),
  /** Malformed or over-rate frames tolerated before the socket is closed with 1008. */
  WS_MAX_STRIKES: Type.Integer({ minimum: 1, default: 10 }),
  WS_PING_INTERVAL_MS: Type.Integer({ minimum: 100, default: 20_000 }),
  /** Bytes queued for one socket before it counts as too slow and is closed with 1013. */
  WS_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 1024, default: 1024 * 1024 }),
})

export const VotingConfigSchema = serviceConfigSchema(
  AmqpConfigSchema,
  VotingOwnConfigSchema,
  InternalApiConfigSchema,
)
export type VotingConfig = Static<typeof VotingConfigSchema>
