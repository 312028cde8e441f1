/** Starting a series from an event, and the poll of one occurrence: pure functions, 4xx on bad input. */
import { ObjectId } from 'mongodb'
import { invalid } from '@prost/platform'
import { weekdayOfDate, type CreateSeries } from '@prost/contracts'
import type { EventDoc } from '../events/event-document.js'
import { createEventDoc, withDerived } from '../events/event-rules.js'
import { inviteesOf, placeAsNew } from '../events/duplicate.js'
import type { OccurrenceDoc, SeriesDoc } from './series-document.js'
import { dueHourOf, upcoming } from './series-schedule.js'

const DEFAULT_DURATION_MINUTES = 120
const DEFAULT_LEAD_DAYS = 7

function durationOf(source: EventDoc) {
  const first = source.timeOptions[0]
  if (!first) return DEFAULT_DURATION_MINUTES
  const minutes = Math.round((first.endsAt.getTime() - first.startsAt.getTime()) / 60_000)
  return Math.min(Math.max(minutes, 5), 24 * 60)
}

export function seriesFromEvent(
  source: EventDoc,
  input: CreateSeries,
  organizer: EventDoc['organizer'],
  now: Date,
): SeriesDoc {
  if (input.until !== undefined && input.until < input.firstDate)
    throw invalid('/body/until', 'must not be before firstDate')
  const schedule = {
    time: input.time,
    timeZone: source.timeZone,
    leadDays: input.leadDays ?? DEFAULT_LEAD_DAYS,
    intervalWeeks: input.intervalWeeks ?? 1,
    until: input.until ?? null,
  }
  // A first date in the past starts the series at its next occurrence still ahead.
  const nextDate = upcoming(schedule, input.firstDate, now)
  if (!nextDate) throw invalid('/body/until', 'the series ends before its first occurrence still ahead')
  if (nextDate > new Date(now.getTime() + 5 * 365 * 86_400_000).toISOString().slice(0, 10))
    throw invalid('/body/firstDate', 'is more than five years ahead')
  return {
    _id: new ObjectId(),
    organizer,
    sourceEventId: source._id.toHexString(),
    title: source.title,
    description: source.description,
    visibility: source.visibility,
    allowParticipantOptions: source.allowParticipantOptions ?? false,
    placeOptions: source.placeOptions.map(placeAsNew),
    invited: inviteesOf(source, organizer.id),
    durationMinutes: input.durationMinutes ?? durationOf(source),
    weekday: weekdayOfDate(input.firstDate),
    firstDate: input.firstDate,
    ...schedule,
    status: 'active',
    nextDate,
    dueHour: dueHourOf(schedule, nextDate),
    createdAt: now,
    stoppedAt: null,
  }
}

/** The ordinary event an occurrence becomes, with the id its claim reserved. */
export function occurrenceEventDoc(series: SeriesDoc, claim: OccurrenceDoc, now: Date): EventDoc {
  const doc = createEventDoc(
    {
      title: series.title,
      description: series.description,
      timeZone: series.timeZone,
      visibility: series.visibility,
      allowParticipantOptions: series.allowParticipantOptions,
      timeOptions: [{ startsAt: claim.startsAt.toISOString(), durationMinutes: series.durationMinutes }],
      placeOptions: series.placeOptions,
    },
    series.organizer,
    now,
  )
  return withDerived({
    ...doc,
    _id: new ObjectId(claim.eventId),
    invited: series.invited,
    seriesId: series._id.toHexString(),
  })
}
