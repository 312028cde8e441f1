/**
 * The personal calendar feed (issue 16, item 6): one secret, revocable URL per user that calendar
 * apps subscribe to, listing every event the user takes part in.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Instant } from '../common/ids.js'

export const CalendarFeedSchema = Type.Object(
  {
    httpsUrl: Type.String({ description: 'The calendar feed over https (paste into "subscribe by URL")' }),
    webcalUrl: Type.String({
      description: 'The same calendar feed as webcal://, which opens the calendar app',
    }),
    rotatedAt: Instant,
  },
  {
    additionalProperties: false,
    description:
      'My personal calendar feed URL: whoever holds it reads my events, so rotating it kills the old URL',
  },
)
export type CalendarFeed = Static<typeof CalendarFeedSchema>

/** `<token>.ics`: the secret feed token is the credential, no Authorization header. */
export const CalendarFeedFileParamsSchema = Type.Object(
  {
    file: Type.String({
      pattern: '^[A-Za-z0-9_-]{16,128}\\.ics$',
      description: 'The secret calendar feed token followed by .ics',
    }),
  },
  { additionalProperties: false },
)
export type CalendarFeedFileParams = Static<typeof CalendarFeedFileParamsSchema>
