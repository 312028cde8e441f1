/**
 * Which edits to saved options change what people voted for. The server gives such an option a new
 * id and resets its votes (a time's start or end, a place's name or address); a new map link or
 * coordinates keep them. The form warns with the number of people affected before saving.
 */
import type { Board, Event, PlaceOption, TimeOption } from '@prost/contracts'
import { toPlaceOption, toTimeOption, type EventFormValues, type PlaceRow, type TimeRow } from './event-form'

const minute = (iso: string) => Math.round(Date.parse(iso) / 60_000)

/** A different start or end, to the minute (saved seconds are not an edit). */
export function timeMeaningChanged(old: TimeOption, row: TimeRow, timeZone: string): boolean {
  const body = toTimeOption(row, timeZone)
  const start = minute(body.startsAt)
  return start !== minute(old.startsAt) || start + (body.durationMinutes ?? 0) !== minute(old.endsAt)
}

export function placeMeaningChanged(old: PlaceOption, row: PlaceRow): boolean {
  const body = toPlaceOption(row)
  return body.name !== old.name || (body.address ?? '') !== (old.address ?? '')
}

/** Anything the PUT would change: meaning, or just the map link and coordinates. */
export function placeChanged(old: PlaceOption, row: PlaceRow): boolean {
  const body = toPlaceOption(row)
  return (
    placeMeaningChanged(old, row) ||
    (body.mapUrl ?? '') !== (old.mapUrl ?? '') ||
    body.lat !== old.lat ||
    body.lon !== old.lon ||
    body.capacity !== old.capacity
  )
}

function votersOf(board: Board | undefined, optionId: string): number | null {
  const option = [...(board?.timeOptions ?? []), ...(board?.placeOptions ?? [])].find(
    (o) => o.id === optionId,
  )
  if (!option) return null
  const { yes, maybe, no } = option.voters
  return new Set([...yes, ...maybe, ...no].map((v) => v.id)).size
}

/**
 * Row key → how many people's answers saving would reset (null: the board is not known, so the
 * form can only say "any votes"). Rows whose option nobody answered are left out.
 */
export function voteResets(event: Event, values: EventFormValues, board?: Board): Map<string, number | null> {
  const resets = new Map<string, number | null>()
  const note = (key: string, optionId: string) => {
    const voters = votersOf(board, optionId)
    if (voters !== 0) resets.set(key, voters)
  }
  for (const row of values.times) {
    const old = row.id ? event.timeOptions.find((o) => o.id === row.id) : undefined
    if (old && row.date && row.time && timeMeaningChanged(old, row, values.timeZone)) note(row.key, old.id)
  }
  for (const row of values.places) {
    const old = row.id ? event.placeOptions.find((o) => o.id === row.id) : undefined
    if (old && row.name.trim() && placeMeaningChanged(old, row)) note(row.key, old.id)
  }
  return resets
}
