/**
 * Duplicating an event (issue 16, item 5) and the parts a series shares with it: a new, ordinary poll
 * of the caller with the source's title, description, settings and places, its time options moved by
 * whole weeks on the wall clock of the event's zone, and its people invited (not joined: each decides
 * again). Guests who came by invite link have no account to invite, so they get the new link instead.
 */
import { invalid, HttpProblem } from '@prost/platform'
import { shiftByWeeks, type CreateEvent, type NewPlaceOption } from '@prost/contracts'
import type { EventDoc } from './event-document.js'
import { createEventDoc, withDerived } from './event-rules.js'

/** A place as a new option would be proposed: what it is, not which option it was or who proposed it. */
export const placeAsNew = ({
  name,
  address,
  mapUrl,
  lat,
  lon,
}: EventDoc['placeOptions'][number]): NewPlaceOption => ({
  name,
  ...(address !== undefined ? { address } : {}),
  ...(mapUrl !== undefined ? { mapUrl } : {}),
  ...(lat !== undefined ? { lat } : {}),
  ...(lon !== undefined ? { lon } : {}),
})

/** Everyone with an account who took part in or was invited to `source`, except `organizerId`. */
export function inviteesOf(source: Pick<EventDoc, 'participants' | 'invited'>, organizerId: string) {
  const invitees = new Map<string, string>()
  for (const p of source.participants) if (p.kind === 'user') invitees.set(p.id, p.name)
  for (const i of source.invited) if (!invitees.has(i.id)) invitees.set(i.id, i.name)
  invitees.delete(organizerId)
  return [...invitees].map(([id, name]) => ({ id, name }))
}

/** The new event's document; options that would land in the past refuse the shift with a 400. */
export function duplicateEventDoc(
  source: EventDoc,
  organizer: EventDoc['organizer'],
  shiftWeeks: number,
  now: Date,
): EventDoc {
  const shift = (at: Date) => shiftByWeeks(at, shiftWeeks, source.timeZone)
  const deadline = source.votingDeadline ? shift(source.votingDeadline) : null
  const input: CreateEvent = {
    title: source.title,
    description: source.description,
    timeZone: source.timeZone,
    visibility: source.visibility,
    ...(deadline && deadline > now ? { votingDeadline: deadline.toISOString() } : {}),
    autoFinalize: source.autoFinalize ?? false,
    ...(source.nudgeHoursBeforeDeadline !== undefined
      ? { nudgeHoursBeforeDeadline: source.nudgeHoursBeforeDeadline }
      : {}),
    allowParticipantOptions: source.allowParticipantOptions ?? false,
    timeOptions: source.timeOptions.map((o) => ({
      startsAt: shift(o.startsAt).toISOString(),
      endsAt: shift(o.endsAt).toISOString(),
    })),
    placeOptions: source.placeOptions.map(placeAsNew),
  }
  let doc: EventDoc
  try {
    doc = createEventDoc(input, organizer, now)
  } catch (error) {
    if (error instanceof HttpProblem && error.statusCode === 400)
      throw invalid(
        '/body/shiftWeeks',
        `moves a time option into the past; shift by more weeks (${error.message})`,
      )
    throw error
  }
  return withDerived({ ...doc, invited: inviteesOf(source, organizer.id) })
}
