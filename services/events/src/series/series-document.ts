/**
 * The stored shape of a series of repeat meetups and of each occurrence's claim. The claim's `_id`
 * is `<series id>:<local date>` and it names the occurrence's event id before the event exists: the
 * unique insert of the claim decides which event id an occurrence gets, and the unique insert of the
 * event with that id decides that it is created once, across replicas and restarts.
 */
import type { ObjectId } from 'mongodb'
import type { NewPlaceOption, Series } from '@prost/contracts'
import type { EventDoc } from '../events/event-document.js'
import { dueAt, startOf } from './series-schedule.js'

export const SERIES_COLLECTION = 'event_series'
export const OCCURRENCES_COLLECTION = 'event_series_occurrences'

export interface SeriesDoc {
  _id: ObjectId
  organizer: EventDoc['organizer']
  sourceEventId: string
  // What every occurrence's poll copies, as the source event was when the series began.
  title: string
  description: string
  timeZone: string
  visibility: EventDoc['visibility']
  allowParticipantOptions: boolean
  placeOptions: NewPlaceOption[]
  invited: EventDoc['invited']
  durationMinutes: number
  // When: `weekday` is the first date's; `time` is wall-clock time in `timeZone`.
  weekday: number
  time: string
  intervalWeeks: number
  firstDate: string
  until: string | null
  leadDays: number
  status: Series['status']
  /** The next occurrence whose poll is still to be created; null once stopped or ended. */
  nextDate: string | null
  /** The UTC hour that poll is due in, while there is one: the sweeper's equality key. */
  dueHour: string | null
  createdAt: Date
  stoppedAt: Date | null
}

export interface OccurrenceDoc {
  /** `<series id>:<YYYY-MM-DD>`. */
  _id: string
  seriesId: string
  date: string
  eventId: string
  startsAt: Date
  claimedAt: Date
}

export function toSeries(doc: SeriesDoc, occurrences: OccurrenceDoc[]): Series {
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    organizer: doc.organizer,
    sourceEventId: doc.sourceEventId,
    timeZone: doc.timeZone,
    weekday: doc.weekday,
    time: doc.time,
    intervalWeeks: doc.intervalWeeks,
    firstDate: doc.firstDate,
    until: doc.until,
    leadDays: doc.leadDays,
    durationMinutes: doc.durationMinutes,
    status: doc.status,
    next: doc.nextDate
      ? {
          date: doc.nextDate,
          startsAt: startOf(doc, doc.nextDate).toISOString(),
          pollCreatedAt: dueAt(doc, doc.nextDate).toISOString(),
        }
      : null,
    occurrences: [...occurrences]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((o) => ({ date: o.date, startsAt: o.startsAt.toISOString(), eventId: o.eventId })),
    createdAt: doc.createdAt.toISOString(),
    stoppedAt: doc.stoppedAt ? doc.stoppedAt.toISOString() : null,
  }
}
