/**
 * Repeat meetups as a series (issue 16, item 5): "every Friday at 19:00", weekly or every N weeks,
 * optional end, in the event's IANA zone. A sweeper creates each occurrence's poll `leadDays` before
 * it, exactly once, as an ordinary event with the source's places and people.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Instant, ObjectIdString } from '../common/ids.js'

const localDate = (description = 'A calendar date (YYYY-MM-DD) in the event’s zone') =>
  Type.String({ format: 'date', description })
const LocalDate = localDate()
const LocalTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: 'Wall-clock time (HH:MM) in the event’s zone; stays the same across DST changes',
})

export const CreateSeriesSchema = Type.Object(
  {
    fromEventId: Type.String({
      pattern: ObjectIdString.pattern,
      description: 'The event the series repeats: its title, description, places, participants and time zone',
    }),
    firstDate: localDate('The date of the first occurrence; its weekday is the series’ weekday'),
    time: LocalTime,
    intervalWeeks: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 8, description: 'Repeat every N weeks (default 1: weekly)' }),
    ),
    until: Type.Optional(localDate('Optional end date: no occurrence after it')),
    leadDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 28,
        description: 'Create each occurrence’s poll this many days before it (default 7)',
      }),
    ),
    durationMinutes: Type.Optional(
      Type.Integer({
        minimum: 5,
        maximum: 60 * 24,
        description: 'Length of each meetup (default: the source event’s first time option, else 120)',
      }),
    ),
  },
  { additionalProperties: false, description: 'Start a series of repeat meetups from an event' },
)
export type CreateSeries = Static<typeof CreateSeriesSchema>

export const SeriesOccurrenceSchema = Type.Object({
  date: LocalDate,
  startsAt: Instant,
  eventId: ObjectIdString,
})
export type SeriesOccurrence = Static<typeof SeriesOccurrenceSchema>

export const SeriesSchema = Type.Object(
  {
    id: ObjectIdString,
    title: Type.String(),
    organizer: Type.Object({ id: Type.String(), name: Type.String() }),
    sourceEventId: ObjectIdString,
    timeZone: Type.String(),
    weekday: Type.Integer({ minimum: 0, maximum: 6, description: '0 = Sunday … 6 = Saturday' }),
    time: Type.String(),
    intervalWeeks: Type.Integer(),
    firstDate: Type.String(),
    until: Type.Union([Type.String(), Type.Null()]),
    leadDays: Type.Integer(),
    durationMinutes: Type.Integer(),
    status: Type.Union([Type.Literal('active'), Type.Literal('stopped'), Type.Literal('ended')], {
      description: 'active: future polls are created; stopped by the organizer; ended: past its end date',
    }),
    /** The next occurrence whose poll is still to be created (null once stopped or ended). */
    next: Type.Union([
      Type.Object({ date: Type.String(), startsAt: Instant, pollCreatedAt: Instant }),
      Type.Null(),
    ]),
    occurrences: Type.Array(SeriesOccurrenceSchema, { description: 'Polls created so far, oldest first' }),
    createdAt: Instant,
    stoppedAt: Type.Union([Instant, Type.Null()]),
  },
  { description: 'A series of repeat meetups' },
)
export type Series = Static<typeof SeriesSchema>

export const ListSeriesQuerySchema = Type.Object(
  {
    fromEventId: Type.String({ pattern: ObjectIdString.pattern, description: 'The event the series repeat' }),
  },
  { additionalProperties: false },
)
export type ListSeriesQuery = Static<typeof ListSeriesQuerySchema>

export const SeriesListSchema = Type.Object({
  items: Type.Array(SeriesSchema, { description: 'The series started from this event, newest first' }),
})
export type SeriesList = Static<typeof SeriesListSchema>
