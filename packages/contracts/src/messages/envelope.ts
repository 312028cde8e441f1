import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { Instant } from '../common/ids.js'

/** Every RabbitMQ message is wrapped in a versioned envelope; consumers switch on `type` + `version`. */
export const Envelope = <T extends TSchema, K extends string>(type: K, version: number, payload: T) =>
  Type.Object(
    {
      id: Type.String({ format: 'uuid', description: 'Message id; consumers deduplicate on it' }),
      type: Type.Literal(type),
      version: Type.Literal(version),
      occurredAt: Instant,
      payload,
    },
    { additionalProperties: false },
  )

export const AnyEnvelopeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String({ pattern: '^[a-z]+(\\.[a-z]+)+$' }),
  version: Type.Integer({ minimum: 1 }),
  occurredAt: Instant,
  payload: Type.Unknown(),
})
export type AnyEnvelope = Static<typeof AnyEnvelopeSchema>

/** The durable topic exchange all domain messages travel on. */
export const DOMAIN_EXCHANGE = 'prost.events'
