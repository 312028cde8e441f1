/**
 * Saves an edited event: the details by PATCH, then each removed, added or changed option, one call
 * each, every answer being the whole event. A time or place whose meaning changed comes back under
 * a NEW id (its votes were reset), and an added one gets its first id, so each step reports the
 * event and the server ids of the rows saved so far: a save that fails half-way is retried from where
 * the server is, not from the stale form (which would add a row twice or PUT to a replaced id).
 */
import type { Event, UpdateEvent } from '@prost/contracts'
import { events } from '../../api/prost'
import {
  capacityOf,
  deadlineInstant,
  nudgeHoursOf,
  toPlaceOption,
  toTimeOption,
  type EventFormValues,
} from './event-form'
import { placeChanged, timeMeaningChanged } from './option-edits'

/** `ids`: form row key → the id its option has now, for every row added or replaced so far. */
export type SaveStep = (latest: Event, ids: ReadonlyMap<string, string>) => void

const sameMinute = (a: string | null, b: string | null) =>
  a === b ||
  (a !== null && b !== null && Math.round(Date.parse(a) / 60_000) === Math.round(Date.parse(b) / 60_000))

/** The id of the option a write put in `after`: `oldId` if it survived, else the one that appeared. */
function idAfter(before: { id: string }[], after: { id: string }[], oldId?: string): string | undefined {
  if (oldId && after.some((o) => o.id === oldId)) return oldId
  const known = new Set(before.map((o) => o.id))
  return after.find((o) => !known.has(o.id))?.id
}

export async function saveEdits(event: Event, values: EventFormValues, onStep?: SaveStep): Promise<Event> {
  let latest = event
  const ids = new Map<string, string>()
  const step = (saved: Event, rowKey?: string, kind?: 'timeOptions' | 'placeOptions', oldId?: string) => {
    if (rowKey && kind) {
      const id = idAfter(latest[kind], saved[kind], oldId)
      if (id) ids.set(rowKey, id)
    }
    latest = saved
    onStep?.(latest, ids)
  }

  const patch: UpdateEvent = {}
  if (values.title.trim() !== event.title) patch.title = values.title.trim()
  if (values.description.trim() !== event.description) patch.description = values.description.trim()
  if (values.timeZone !== event.timeZone) patch.timeZone = values.timeZone
  if (values.visibility !== event.visibility) patch.visibility = values.visibility
  if (values.hideResults !== event.hideResults) patch.hideResults = values.hideResults
  if (values.hideNames !== event.hideNames) patch.hideNames = values.hideNames
  const capacity = capacityOf(values.capacity)
  if (capacity !== (event.capacity ?? null)) patch.capacity = capacity
  if (values.allowParticipantOptions !== event.allowParticipantOptions)
    patch.allowParticipantOptions = values.allowParticipantOptions
  const deadline = deadlineInstant(values)
  if (!sameMinute(deadline, event.votingDeadline)) patch.votingDeadline = deadline
  // The deadline settings mean something only with a deadline; without one they are left as they are.
  if (deadline) {
    const autoFinalize = values.afterDeadline === 'auto'
    if (autoFinalize !== event.autoFinalize) patch.autoFinalize = autoFinalize
    const nudge = nudgeHoursOf(values)
    if (nudge !== event.nudgeHoursBeforeDeadline) patch.nudgeHoursBeforeDeadline = nudge
  }
  if (Object.keys(patch).length > 0) step(await events.update(event.id, patch))

  for (const old of event.timeOptions)
    if (!values.times.some((r) => r.id === old.id)) step(await events.removeTime(event.id, old.id))
  for (const row of values.times) {
    const body = toTimeOption(row, values.timeZone)
    const old = event.timeOptions.find((o) => o.id === row.id)
    if (!old) step(await events.addTime(event.id, body), row.key, 'timeOptions')
    else if (timeMeaningChanged(old, row, values.timeZone))
      step(await events.putTime(event.id, old.id, body), row.key, 'timeOptions', old.id)
  }
  for (const old of event.placeOptions)
    if (!values.places.some((r) => r.id === old.id)) step(await events.removePlace(event.id, old.id))
  for (const row of values.places) {
    const body = toPlaceOption(row)
    const old = event.placeOptions.find((o) => o.id === row.id)
    if (!old) step(await events.addPlace(event.id, body), row.key, 'placeOptions')
    else if (placeChanged(old, row))
      step(await events.putPlace(event.id, old.id, body), row.key, 'placeOptions', old.id)
  }
  return latest
}
