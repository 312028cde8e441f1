/**
 * The rules of an event, as pure functions from a document and a request to a new document (or a
 * problem). Routes call them; the repository stores their result with one compare-and-set write.
 */
import { randomBytes } from 'node:crypto'
import { ObjectId } from 'mongodb'
import { HttpProblem, conflict, invalid } from '@prost/platform'
import {
  isKnownTimeZone,
  type CreateEvent,
  type NewPlaceOption,
  type NewTimeOption,
  type PlaceOption,
  type ProposedBy,
  type RsvpAnswer,
  type UpdateEvent,
  MAX_OPTIONS_PER_KIND,
} from '@prost/contracts'
import type { EventDoc, StoredParticipant, StoredTimeOption } from './event-document.js'
import { derivedFields } from './search-index.js'
import { assertNameFree } from './display-name.js'
import { autoFinalizeHour } from './deadline-due.js'
import { assertNotRemoved } from './membership.js'

const DEFAULT_DURATION_MINUTES = 120
const MAX_DURATION_MS = 14 * 24 * 3600_000
const EARLIEST_ALLOWED_MS = -24 * 3600_000 // a day in the past (late planners, time zones)
const LATEST_ALLOWED_MS = 5 * 365 * 24 * 3600_000

export const newInviteToken = () => randomBytes(18).toString('base64url')

export function checkTimeZone(zone: string, path = '/body/timeZone') {
  if (!isKnownTimeZone(zone)) throw invalid(path, `"${zone}" is not a known IANA time zone`)
}

function checkInstant(value: Date, path: string, now: Date) {
  const offset = value.getTime() - now.getTime()
  if (Number.isNaN(offset)) throw invalid(path, 'is not a valid date')
  if (offset < EARLIEST_ALLOWED_MS) throw invalid(path, 'is in the past')
  if (offset > LATEST_ALLOWED_MS) throw invalid(path, 'is more than five years ahead')
}

export function toTimeOption(
  option: NewTimeOption,
  path: string,
  now: Date,
  id = new ObjectId().toHexString(),
): StoredTimeOption {
  const startsAt = new Date(option.startsAt)
  checkInstant(startsAt, `${path}/startsAt`, now)
  if (option.endsAt && option.durationMinutes) throw invalid(path, 'give endsAt or durationMinutes, not both')
  const endsAt = option.endsAt
    ? new Date(option.endsAt)
    : new Date(startsAt.getTime() + (option.durationMinutes ?? DEFAULT_DURATION_MINUTES) * 60_000)
  if (!(endsAt.getTime() > startsAt.getTime())) throw invalid(`${path}/endsAt`, 'must be after startsAt')
  if (endsAt.getTime() - startsAt.getTime() > MAX_DURATION_MS)
    throw invalid(`${path}/endsAt`, 'must be within 14 days of startsAt')
  return { id, startsAt, endsAt }
}

export const toPlaceOption = (option: NewPlaceOption, id = new ObjectId().toHexString()) => ({
  id,
  ...option,
})

function checkNoDuplicateTimes(options: StoredTimeOption[]) {
  const seen = new Set<string>()
  for (const o of options) {
    const key = `${o.startsAt.getTime()}-${o.endsAt.getTime()}`
    if (seen.has(key)) throw invalid('/body/timeOptions', 'the same time is proposed twice')
    seen.add(key)
  }
}

function checkOptionCount(count: number, kind: string) {
  if (count > MAX_OPTIONS_PER_KIND) {
    throw new HttpProblem('validation', `An event can have at most ${MAX_OPTIONS_PER_KIND} ${kind} options`)
  }
}

function checkDeadline(deadline: Date | null, now: Date) {
  if (deadline) checkInstant(deadline, '/body/votingDeadline', now)
}

export function withDerived(doc: Omit<EventDoc, keyof ReturnType<typeof derivedFields>>): EventDoc {
  return { ...doc, ...derivedFields(doc), autoFinalizeHour: autoFinalizeHour(doc) } as EventDoc
}

export function createEventDoc(input: CreateEvent, organizer: EventDoc['organizer'], now: Date): EventDoc {
  checkTimeZone(input.timeZone)
  const timeOptions = input.timeOptions.map((o, i) => toTimeOption(o, `/body/timeOptions/${i}`, now))
  checkNoDuplicateTimes(timeOptions)
  const votingDeadline = input.votingDeadline ? new Date(input.votingDeadline) : null
  checkDeadline(votingDeadline, now)
  const organizerAsParticipant: StoredParticipant = {
    id: organizer.id,
    kind: 'user',
    name: organizer.name,
    joinedAt: now,
  }
  return withDerived({
    _id: new ObjectId(),
    title: input.title.trim(),
    description: (input.description ?? '').trim(),
    timeZone: input.timeZone,
    // Private unless asked otherwise (issue 16): only people with the link see a new event.
    visibility: input.visibility ?? 'private',
    hideResults: input.hideResults ?? false,
    hideNames: input.hideNames ?? false,
    ...(input.capacity ? { capacity: input.capacity } : {}),
    status: 'polling',
    organizer,
    votingDeadline,
    autoFinalize: input.autoFinalize ?? false,
    allowParticipantOptions: input.allowParticipantOptions ?? false,
    // Stored as chosen (undefined = the default) so adding a deadline later turns the default on.
    ...(input.nudgeHoursBeforeDeadline !== undefined
      ? { nudgeHoursBeforeDeadline: input.nudgeHoursBeforeDeadline }
      : {}),
    cover: null,
    timeOptions,
    placeOptions: input.placeOptions.map((p) => toPlaceOption(p)),
    participants: [organizerAsParticipant],
    invited: [],
    final: null,
    inviteToken: newInviteToken(),
    version: 1,
    rev: 1,
    createdAt: now,
    updatedAt: now,
    outbox: [],
    hasOutbox: false,
  })
}

export function requirePolling(doc: EventDoc, action: string) {
  if (doc.status !== 'polling')
    throw conflict(`The event is ${doc.status}; ${action} is only possible while voting`)
}

export function updateEvent(doc: EventDoc, input: UpdateEvent, now: Date): Partial<EventDoc> {
  if (doc.status === 'cancelled') throw conflict('The event is cancelled')
  if (input.timeZone) checkTimeZone(input.timeZone)
  const changes: Partial<EventDoc> = {}
  if (input.title !== undefined) changes.title = input.title.trim()
  if (input.description !== undefined) changes.description = input.description.trim()
  if (input.timeZone !== undefined) changes.timeZone = input.timeZone
  if (input.visibility !== undefined) changes.visibility = input.visibility
  if (input.hideResults !== undefined || input.hideNames !== undefined) {
    // Changeable while voting only: a decided event's board shows how it was decided.
    if (doc.status !== 'polling')
      throw conflict(`The event is ${doc.status}; privacy settings can be changed only while voting`)
    if (input.hideResults !== undefined) changes.hideResults = input.hideResults
    if (input.hideNames !== undefined) changes.hideNames = input.hideNames
  }
  if (input.votingDeadline !== undefined) {
    changes.votingDeadline = input.votingDeadline ? new Date(input.votingDeadline) : null
    checkDeadline(changes.votingDeadline, now)
  }
  if (input.autoFinalize !== undefined) changes.autoFinalize = input.autoFinalize
  if (input.capacity !== undefined) changes.capacity = input.capacity
  // A new deadline or a new choice about finalizing gives the automatic finalize another chance.
  if (input.votingDeadline !== undefined || input.autoFinalize !== undefined)
    changes.autoFinalizeUndecided = false
  if (input.nudgeHoursBeforeDeadline !== undefined)
    changes.nudgeHoursBeforeDeadline = input.nudgeHoursBeforeDeadline
  if (input.allowParticipantOptions !== undefined)
    changes.allowParticipantOptions = input.allowParticipantOptions
  return changes
}

/**
 * A participant may propose an option only while the organizer allows it, checked under the event's
 * lock so an option cannot slip in after the organizer turned the setting off.
 */
function checkMayPropose(doc: EventDoc, proposedBy: ProposedBy | undefined) {
  if (!proposedBy || proposedBy.id === doc.organizer.id) return
  if (!doc.allowParticipantOptions)
    throw new HttpProblem('forbidden', 'The organizer does not let participants propose options')
  if (!doc.participants.some((p) => p.id === proposedBy.id))
    throw new HttpProblem('forbidden', 'Join the event first')
}

export function addTimeOption(doc: EventDoc, option: NewTimeOption, now: Date, proposedBy?: ProposedBy) {
  requirePolling(doc, 'changing options')
  checkMayPropose(doc, proposedBy)
  checkOptionCount(doc.timeOptions.length + 1, 'time')
  const added = { ...toTimeOption(option, '/body', now), ...(proposedBy ? { proposedBy } : {}) }
  const timeOptions = [...doc.timeOptions, added]
  checkNoDuplicateTimes(timeOptions)
  return { changes: { timeOptions }, added }
}

/**
 * Votes belong to what was voted on. An option whose substance changes (a time's start or end, a
 * place's name or address) becomes a new option with a new id, so the answers given to the old one
 * stop counting (the board ignores answers to unknown options) instead of silently turning a "yes"
 * for 19:00 into a "yes" for 20:00; `revisedFrom` names what it replaced so voters can be told.
 * A change that does not alter what people agreed to (a map link, coordinates) keeps the id and votes.
 */
export function replaceTimeOption(doc: EventDoc, optionId: string, option: NewTimeOption, now: Date) {
  requirePolling(doc, 'changing options')
  const current = doc.timeOptions.find((o) => o.id === optionId)
  if (!current) throw new HttpProblem('not-found', 'No such time option')
  const candidate = toTimeOption(option, '/body', now, optionId)
  const same =
    candidate.startsAt.getTime() === current.startsAt.getTime() &&
    candidate.endsAt.getTime() === current.endsAt.getTime()
  const updated: StoredTimeOption = same
    ? current
    : {
        ...candidate,
        ...(current.proposedBy ? { proposedBy: current.proposedBy } : {}),
        id: new ObjectId().toHexString(),
        revisedFrom: {
          id: current.id,
          startsAt: current.startsAt,
          endsAt: current.endsAt,
          version: doc.version + 1,
        },
      }
  const timeOptions = doc.timeOptions.map((o) => (o.id === optionId ? updated : o))
  checkNoDuplicateTimes(timeOptions)
  return { changes: { timeOptions }, updated }
}

export function addPlaceOption(doc: EventDoc, option: NewPlaceOption, proposedBy?: ProposedBy) {
  requirePolling(doc, 'changing options')
  checkMayPropose(doc, proposedBy)
  checkOptionCount(doc.placeOptions.length + 1, 'place')
  const added: PlaceOption = { ...toPlaceOption(option), ...(proposedBy ? { proposedBy } : {}) }
  return { changes: { placeOptions: [...doc.placeOptions, added] }, added }
}

export function replacePlaceOption(doc: EventDoc, optionId: string, option: NewPlaceOption) {
  requirePolling(doc, 'changing options')
  const current = doc.placeOptions.find((o) => o.id === optionId)
  if (!current) throw new HttpProblem('not-found', 'No such place option')
  const sameSubstance = current.name === option.name && (current.address ?? '') === (option.address ?? '')
  const proposer = current.proposedBy ? { proposedBy: current.proposedBy } : {}
  const updated: PlaceOption = sameSubstance
    ? {
        ...toPlaceOption(option, optionId),
        ...proposer,
        ...(current.revisedFrom ? { revisedFrom: current.revisedFrom } : {}),
      }
    : {
        ...toPlaceOption(option),
        ...proposer,
        revisedFrom: {
          id: current.id,
          name: current.name,
          ...(current.address ? { address: current.address } : {}),
          version: doc.version + 1,
        },
      }
  return {
    changes: { placeOptions: doc.placeOptions.map((o) => (o.id === optionId ? updated : o)) },
    updated,
  }
}

/**
 * The organizer removes any option; a participant (`removerId` not the organizer) only one they
 * proposed themselves.
 */
export function removeOption(
  doc: EventDoc,
  kind: 'time' | 'place',
  optionId: string,
  removerId = doc.organizer.id,
): Partial<EventDoc> {
  requirePolling(doc, 'changing options')
  const options: { id: string; proposedBy?: ProposedBy }[] =
    kind === 'time' ? doc.timeOptions : doc.placeOptions
  const option = options.find((o) => o.id === optionId)
  if (!option) throw new HttpProblem('not-found', `No such ${kind} option`)
  if (removerId !== doc.organizer.id && option.proposedBy?.id !== removerId)
    throw new HttpProblem('forbidden', 'Only the organizer can remove an option someone else proposed')
  return kind === 'time'
    ? { timeOptions: doc.timeOptions.filter((o) => o.id !== optionId) }
    : { placeOptions: doc.placeOptions.filter((o) => o.id !== optionId) }
}

/** The final choice from option ids; throws a 4xx naming the unknown option. */
export function finalChoice(doc: EventDoc, timeOptionId: string, placeOptionId: string) {
  const time = doc.timeOptions.find((o) => o.id === timeOptionId)
  if (!time) throw invalid('/body/timeOptionId', 'is not one of this event’s time options')
  const place = doc.placeOptions.find((o) => o.id === placeOptionId)
  if (!place) throw invalid('/body/placeOptionId', 'is not one of this event’s place options')
  return { timeOptionId, placeOptionId, startsAt: time.startsAt, endsAt: time.endsAt, place }
}

export function addParticipant(doc: EventDoc, participant: StoredParticipant) {
  if (doc.status === 'cancelled') throw conflict('The event is cancelled')
  if (doc.participants.some((p) => p.id === participant.id)) return null
  assertNotRemoved(doc, participant.id)
  if (doc.participants.length >= 500) throw conflict('This event is full (500 participants)')
  // Checked here, under the event's lock, so two guests racing for one name cannot both get it.
  if (participant.kind === 'participant') assertNameFree(doc.participants, participant.name)
  return { participants: [...doc.participants, participant] }
}

/**
 * A participant's RSVP: only once the event is decided (a time to come to) and not cancelled. The
 * last answer wins; the same answer again changes nothing (no new version, no message), so a
 * double tap on a button does not tell the organizer twice.
 */
export function setRsvp(doc: EventDoc, participantId: string, answer: RsvpAnswer, now: Date) {
  if (doc.status !== 'finalized')
    throw conflict(`The event is ${doc.status}; answering is only possible once it is decided`)
  const index = doc.participants.findIndex((p) => p.id === participantId)
  if (index < 0) throw new HttpProblem('forbidden', 'Join the event first')
  if (doc.participants[index]!.rsvp === answer) return null
  const participants = doc.participants.map((p, i) => (i === index ? { ...p, rsvp: answer, rsvpAt: now } : p))
  return { participants }
}
