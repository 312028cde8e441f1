/**
 * What the event form checks before sending. The fields are held to the create-event contract itself
 * (its title, description and place schemas, its option counts), in a form-level schema where the
 * form's shape differs from the wire's; what no single field can say (a time in the past, the same
 * time twice, a deadline after the first time, the cover file) is checked here too.
 */
import {
  CreateEventSchema,
  NewPlaceOptionSchema,
  NewTimeOptionSchema,
  UpdateEventSchema,
} from '@prost/contracts'
import { Type } from '@sinclair/typebox'
import { ValueErrorType } from '@sinclair/typebox/errors'
import type { Resolver } from 'react-hook-form'
import { contractErrors, resolverResult, type FormErrors, type Wording } from '../../forms/contract-errors'
import { zonedToInstant } from '../../time/zoned-time'
import { capacityOf, deadlineInstant, toPlaceOption, type EventFormValues } from './event-form'

export const MAX_COVER_BYTES = 5 * 1024 * 1024
const COVER_TYPES = ['image/jpeg', 'image/png', 'image/webp']

const { title, description, timeZone, visibility, timeOptions, placeOptions } = CreateEventSchema.properties
const { capacity } = UpdateEventSchema.properties

/** A proposed time as the organizer types it: a day and a start, read in the event's zone. */
const TimeRowSchema = Type.Object({
  date: Type.String({ minLength: 1 }),
  time: Type.String({ minLength: 1 }),
  durationMinutes: NewTimeOptionSchema.properties.durationMinutes,
})

/** The form's values in the contract's terms: text trimmed, places as sent, at least one time. */
export const EventFormSchema = Type.Object({
  title,
  description,
  timeZone,
  visibility,
  times: Type.Array(TimeRowSchema, { minItems: 1, maxItems: timeOptions.maxItems }),
  places: Type.Array(NewPlaceOptionSchema, { maxItems: placeOptions.maxItems }),
  capacity,
})

/** The values as the schema reads them. */
function checked(values: EventFormValues) {
  return {
    title: values.title.trim(),
    description: values.description.trim(),
    timeZone: values.timeZone,
    visibility: values.visibility,
    times: values.times.map((row) => ({
      date: row.date,
      time: row.time,
      durationMinutes: Math.round(row.hours * 60),
    })),
    places: values.places.map(toPlaceOption),
    capacity: capacityOf(values.capacity),
  }
}

const wording: Wording = (field, kind) => {
  if (field === 'times') return kind === ValueErrorType.ArrayMinItems ? 'v.timeNeeded' : 'v.tooManyTimes'
  if (field === 'places') return 'v.tooManyPlaces'
  if (/^places\.\d+\.mapUrl$/.test(field) && kind !== ValueErrorType.StringMaxLength) return 'v.url'
  if (/^times\.\d+$/.test(field)) return 'v.outOfRange'
  return undefined
}

/** A problem with a time's day, start or length is shown on its row. */
const fieldOf = (path: string) => /^times\.\d+(?=\.)/.exec(path)?.[0] ?? path

const instantOf = (date: string, time: string, zone: string) => Date.parse(zonedToInstant(date, time, zone))

/** Field key ("title", "times.0", "places.1.mapUrl", "cover") → message key; empty when the form can be sent. */
export async function validateEventForm(
  values: EventFormValues,
  now: number,
  cover?: File | null,
): Promise<FormErrors> {
  const errors = await contractErrors(EventFormSchema, checked(values), { wording, fieldOf })
  const seen = new Set<string>()
  values.times.forEach((row, i) => {
    if (!row.date || !row.time) return
    // Already-saved times may lie in the past (editing an old plan); new ones may not.
    if (!row.id && instantOf(row.date, row.time, values.timeZone) < now) errors[`times.${i}`] = 'v.timePast'
    const slot = `${row.date}T${row.time}`
    if (seen.has(slot)) errors[`times.${i}`] = 'v.duplicate'
    seen.add(slot)
  })
  const deadline = deadlineInstant(values)
  if (deadline) {
    const first = Math.min(
      ...values.times.filter((r) => r.date && r.time).map((r) => instantOf(r.date, r.time, values.timeZone)),
    )
    if (Date.parse(deadline) > first) errors.deadline = 'v.deadlineAfter'
  }
  if (cover) {
    if (!COVER_TYPES.includes(cover.type)) errors.cover = 'v.coverType'
    else if (cover.size > MAX_COVER_BYTES) errors.cover = 'v.coverSize'
  }
  return errors
}

/** The cover is a file input beside the form's values. */
export interface EventFormContext {
  cover: File | null
}

export const eventFormResolver: Resolver<EventFormValues, EventFormContext> = async (
  values,
  context,
  options,
) => resolverResult(values, await validateEventForm(values, Date.now(), context?.cover), options)
