import { Type } from '@sinclair/typebox'

/** A MongoDB ObjectId in its 24-hex-digit text form. */
export const ObjectIdString = Type.String({
  pattern: '^[0-9a-f]{24}$',
  description: 'ObjectId (24 hex digits)',
})

/** An ISO 8601 instant with an offset, always stored and sent in UTC. */
export const Instant = Type.String({ format: 'date-time' })
