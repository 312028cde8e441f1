/**
 * The stored shape of an event and the views derived from it. Options, participants and pending
 * outbox messages live inside the event document, so every change is one atomic single-document
 * write (FerretDB v1 has no multi-document transactions).
 */
import type { ObjectId } from 'mongodb'
import { DEFAULT_NUDGE_HOURS } from '@prost/contracts'
import { seatingOf, seatsOf } from './seating.js'
import type {
  AnyEnvelope,
  Event,
  EventState,
  EventStatus,
  EventSummary,
  FinalChoice,
  Participant,
  PlaceOption,
  ProposedBy,
  TimeOfDay,
  TimeOption,
} from '@prost/contracts'

export interface StoredTimeOption {
  id: string
  startsAt: Date
  endsAt: Date
  /** The option this one replaced when the organizer changed its time (its votes were reset). */
  revisedFrom?: { id: string; startsAt: Date; endsAt: Date; version: number }
  /** Who proposed it; absent: the organizer (options from before participants could propose). */
  proposedBy?: ProposedBy
}

export interface StoredParticipant extends Omit<
  Participant,
  'joinedAt' | 'rsvpAt' | 'seat' | 'waitlistPosition'
> {
  joinedAt: Date
  rsvpAt?: Date
}

export interface StoredFinal extends Omit<FinalChoice, 'startsAt' | 'endsAt'> {
  startsAt: Date
  endsAt: Date
}

export interface EventDoc {
  _id: ObjectId
  title: string
  description: string
  timeZone: string
  visibility: Event['visibility']
  /** Privacy settings (contracts events/privacy.ts); absent on events stored before them: false. */
  hideResults?: boolean
  hideNames?: boolean
  status: EventStatus
  organizer: Event['organizer']
  votingDeadline: Date | null
  /** Absent on events stored before the setting existed: false. */
  autoFinalize?: boolean
  /** The organizer's choice (absent: the default, 24); only applies while there is a deadline. */
  nudgeHoursBeforeDeadline?: number | null
  /** Set when the deadline passed with autoFinalize on but no time or place could be chosen. */
  autoFinalizeUndecided?: boolean
  /** The deadline's UTC hour while the deadline sweeper must look at it (events/deadline-due.ts). */
  autoFinalizeHour?: string | null
  /** Participants may propose options (absent on events stored before the setting: false). */
  allowParticipantOptions?: boolean
  /** The series of repeat meetups that created this poll, if one did. */
  seriesId?: string
  cover: { key: string; contentType: string; size: number } | null
  timeOptions: StoredTimeOption[]
  placeOptions: PlaceOption[]
  participants: StoredParticipant[]
  invited: Event['invited']
  final: StoredFinal | null
  inviteToken: string
  /** The event's own capacity (absent/null: none); see events/seating.ts. */
  capacity?: number | null
  /** Participant ids waiting for a seat, first to move up first (absent: nobody waits). */
  waitlist?: string[]
  /** People the organizer removed, with the invite token they may not rejoin by (events/membership.ts). */
  removed?: { id: string; inviteToken: string }[]
  /** Domain version: increases with every change users can see; carried in messages. */
  version: number
  /** Storage revision: increases with every write (outbox relay included); the compare-and-set key. */
  rev: number
  createdAt: Date
  updatedAt: Date
  // Derived on every write, for indexed browsing and access checks:
  listed: boolean
  sortAt: Date
  lastAt: Date
  days: string[]
  dayParts: TimeOfDay[]
  words: string[]
  placeWords: string[]
  /** `<term>|<bucket>` keys of listed events (events/browse-keys.ts). */
  browseKeys: string[]
  /** UTC days a listed event still runs on after the day it sorts on (events/browse-keys.ts). */
  spanDays: string[]
  memberIds: string[]
  // Transactional outbox: messages written with the change, published and removed by the relay.
  outbox: AnyEnvelope[]
  hasOutbox: boolean
}

/** What the cache stores and routes render: the public view plus what access checks need. */
export interface EventView extends Event {
  inviteToken: string
  memberIds: string[]
  listed: boolean
}

const iso = (d: Date) => d.toISOString()

/** The nudge setting in effect: off without a deadline, the default when never chosen. */
export const effectiveNudgeHours = (doc: Pick<EventDoc, 'votingDeadline' | 'nudgeHoursBeforeDeadline'>) =>
  doc.votingDeadline
    ? doc.nudgeHoursBeforeDeadline === undefined
      ? DEFAULT_NUDGE_HOURS
      : doc.nudgeHoursBeforeDeadline
    : null

const finalView = (final: StoredFinal | null): FinalChoice | null =>
  final ? { ...final, startsAt: iso(final.startsAt), endsAt: iso(final.endsAt) } : null

const timeOptionView = ({ id, startsAt, endsAt, revisedFrom, proposedBy }: StoredTimeOption): TimeOption => ({
  id,
  startsAt: iso(startsAt),
  endsAt: iso(endsAt),
  ...(proposedBy ? { proposedBy } : {}),
  ...(revisedFrom
    ? {
        revisedFrom: { ...revisedFrom, startsAt: iso(revisedFrom.startsAt), endsAt: iso(revisedFrom.endsAt) },
      }
    : {}),
})

const participantView = (
  { rsvpAt, ...p }: StoredParticipant,
  seats: ReturnType<typeof seatsOf>,
): Participant => ({
  ...p,
  joinedAt: iso(p.joinedAt),
  ...(rsvpAt ? { rsvpAt: iso(rsvpAt) } : {}),
  ...seats?.get(p.id),
})

export function toView(doc: EventDoc): EventView {
  const seats = seatsOf(doc)
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    description: doc.description,
    timeZone: doc.timeZone,
    visibility: doc.visibility,
    hideResults: doc.hideResults ?? false,
    hideNames: doc.hideNames ?? false,
    status: doc.status,
    organizer: doc.organizer,
    votingDeadline: doc.votingDeadline ? iso(doc.votingDeadline) : null,
    autoFinalize: doc.autoFinalize ?? false,
    nudgeHoursBeforeDeadline: effectiveNudgeHours(doc),
    allowParticipantOptions: doc.allowParticipantOptions ?? false,
    ...(doc.seriesId ? { seriesId: doc.seriesId } : {}),
    hasCover: doc.cover !== null,
    capacity: doc.capacity ?? null,
    seating: seatingOf(doc),
    timeOptions: doc.timeOptions.map(timeOptionView),
    placeOptions: doc.placeOptions,
    participants: doc.participants.map((p) => participantView(p, seats)),
    invited: doc.invited,
    final: finalView(doc.final),
    inviteToken: doc.inviteToken,
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
    memberIds: doc.memberIds,
    listed: doc.listed,
  }
}

/** The API answer: the invite token only for the organizer; internal fields never. */
export function toEvent(view: EventView, viewerId: string | undefined): Event {
  const { inviteToken, memberIds: _memberIds, listed: _listed, ...rest } = view
  // A view cached (CACHE_TTL_SECONDS) by an earlier version lacks the settings added since (privacy,
  // participant options): they answer as off.
  const cached: Partial<Pick<Event, 'hideResults' | 'hideNames' | 'allowParticipantOptions'>> = view
  const event = {
    ...rest,
    hideResults: cached.hideResults ?? false,
    hideNames: cached.hideNames ?? false,
    allowParticipantOptions: cached.allowParticipantOptions ?? false,
  }
  return viewerId === view.organizer.id ? { ...event, inviteToken } : event
}

export function toState(doc: EventDoc): EventState {
  const view = toView(doc)
  return {
    eventId: view.id,
    version: doc.version,
    title: view.title,
    timeZone: view.timeZone,
    visibility: view.visibility,
    hideResults: view.hideResults,
    hideNames: view.hideNames,
    status: view.status,
    organizer: view.organizer,
    votingDeadline: view.votingDeadline,
    autoFinalize: view.autoFinalize,
    nudgeHoursBeforeDeadline: view.nudgeHoursBeforeDeadline,
    ...(doc.autoFinalizeUndecided ? { autoFinalizeUndecided: true } : {}),
    timeOptions: view.timeOptions,
    placeOptions: view.placeOptions,
    participants: view.participants,
    invitedUserIds: doc.invited.map((i) => i.id),
    final: view.final,
  }
}

export function toSummary(
  doc: Pick<
    EventDoc,
    | '_id'
    | 'title'
    | 'timeZone'
    | 'status'
    | 'final'
    | 'timeOptions'
    | 'placeOptions'
    | 'participants'
    | 'cover'
  >,
): EventSummary {
  const earliest = doc.timeOptions.reduce<Date | null>(
    (min, o) => (!min || o.startsAt < min ? o.startsAt : min),
    null,
  )
  const startsAt = doc.final?.startsAt ?? earliest
  return {
    id: doc._id.toHexString(),
    title: doc.title,
    timeZone: doc.timeZone,
    status: doc.status,
    startsAt: startsAt ? iso(startsAt) : null,
    placeName: doc.final?.place.name ?? (doc.placeOptions.length === 1 ? doc.placeOptions[0]!.name : null),
    timeOptionCount: doc.timeOptions.length,
    placeOptionCount: doc.placeOptions.length,
    participantCount: doc.participants.length,
    hasCover: doc.cover !== null,
  }
}
