/**
 * The notifications service's documents and the collections that hold them. Written to the FerretDB
 * v1 subset: single-document updates, unique _id keys, no transactions.
 */
import type { EventState, Language } from '@prost/contracts'
import type { TraceCarrier } from '@prost/platform'

export interface LinkTokenDoc {
  _id: string // sha256 of the one-time token; the token itself is never stored
  subject: string
  subjectKind: 'user' | 'participant'
  createdAt: Date
  expiresAt: Date
  usedAt: Date | null
  usedByChatId?: number
}

export interface TelegramLinkDoc {
  _id: string // the subject: a user id or a guest participant id
  subjectKind: 'user' | 'participant'
  chatId: number
  languageCode: string | null
  linkedAt: Date
  blockedAt?: Date | null
}

/** What a person chose in Prost for messages to them (their profile language), whichever chat they link. */
export interface PreferencesDoc {
  _id: string // the subject: a user id
  language: Language
  updatedAt: Date
}

export interface EventStateDoc {
  _id: string
  version: number
  title: string
  timeZone: string
  status: EventState['status']
  organizer: { id: string; name: string }
  participants: {
    id: string
    kind: 'user' | 'participant'
    name: string
    rsvp?: 'coming' | 'late' | 'cannot'
    /** A finalized event with a capacity: in, on the waitlist, or out (can't make it). */
    seat?: 'in' | 'waitlist' | 'out'
  }[]
  final: { startsAt: Date; endsAt: Date; place: PlaceFacts } | null
  /** Absent on states stored before nudges existed. */
  votingDeadline?: Date | null
  /** Hours before the deadline those who have not voted are nudged; null = off. */
  nudgeHours?: number | null
  /** The automatic finalize found nothing choosable (the organizer was told once). */
  autoFinalizeUndecided?: boolean
  updatedAt: Date
}

/** A place as the bot names it. */
export interface PlaceFacts {
  name: string
  address: string | null
  mapUrl: string | null
}

/**
 * The hour-before reminder, the notices (decided, moved, cancelled), and the deadline nudge to
 * those who have not voted (one per participant and event, _id `nudge:<eventId>:<participantId>`,
 * `startsAt` holding the deadline it is about).
 */
export type DeliveryKind =
  | 'reminder'
  | 'finalized'
  | 'moved'
  | 'cancelled'
  | 'nudge'
  /** To the organizer, once per event (_id `all-voted:<eventId>`): every participant has voted. */
  | 'allVoted'
  /** To the organizer: the deadline passed with autoFinalize on, but nothing was choosable. */
  | 'undecided'
  /** To the organizer: a participant is running late (RSVP), one per change to late. */
  | 'late'
  /** To a participant who moved up from the waitlist: they are in (_id `promoted:<event>:<participant>:<version>`). */
  | 'promoted'
  /** To each invitee: a series of repeat meetups opened the poll for its next occurrence (issue 16). */
  | 'seriesPoll'
export type DeliveryStatus = 'pending' | 'queued' | 'sending' | 'sent' | 'cancelled' | 'skipped' | 'failed'

/**
 * One outgoing message to one participant: the "starts in an hour" reminder (one per participant
 * and event, _id `<eventId>:<participantId>`) or a notice (finalized/moved/cancelled, one per
 * version, _id `<kind>:<eventId>:<participantId>:<version>`).
 * Life cycle: pending → queued (claimed, claimId + lease) → sending (sendId) → sent | failed | skipped,
 * and back to pending with a later nextAttemptAt on a transient failure.
 */
export interface DeliveryDoc {
  _id: string
  kind: DeliveryKind
  eventId: string
  participantId: string
  eventVersion: number
  status: DeliveryStatus
  startsAt: Date | null
  /**
   * Notices only: the place as of the notice's version, so a notice tells what was decided or moved
   * to then, even if the event changed again before it went out. Reminders name the current place.
   */
  place?: PlaceFacts | null
  /** `late` only: who is running late (the recipient is the organizer). */
  subjectName?: string
  /** When the message is meant to go out (reminder: startsAt − lead; notices: when created). */
  dueAt: Date
  /** When the scheduler may claim it next: dueAt, or later after a retryable failure. */
  nextAttemptAt: Date
  /** A fresh id every time the delivery becomes claimable (created, retried, rescheduled). */
  claimRound: string
  claimId: string | null
  sendId: string | null
  leaseUntil: Date | null
  attempts: number
  lastError: string | null
  sentAt: Date | null
  /** Nudges only: the option ids behind the buttons as sent (a tap names an index into this). */
  options?: string[]
  /**
   * The trace context (W3C) of the event change that (re)scheduled it, e.g. the finalize: the send,
   * minutes or days later in a trace of its own, links back to it. Absent when tracing is off.
   */
  traceContext?: TraceCarrier
  createdAt: Date
  updatedAt: Date
}

export interface OutboxLogDoc {
  _id: string
  recipientId: string | null
  chatId: number | null
  kind: string
  text: string
  sentAt: Date
}

export interface ProcessedMessageDoc {
  _id: string
  type: string
  at: Date
}

/**
 * A poll card the bot posted in a group chat (/plan). The bot acts as `creator` to read the board and
 * as each tapper to vote; `inviteToken` lets tappers join (being in the group counts as invited).
 * `options` are the ones behind the buttons as last rendered (callback_data names an index).
 * Life cycle: posting → live → final | cancelled; dead once the bot cannot edit it any more.
 */
export interface GroupCardDoc {
  _id: string // the card id (24 hex digits); callback_data carries it, signed
  chatId: number
  messageId: number | null
  eventId: string
  inviteToken: string
  creator: { id: number; first_name: string; last_name?: string; username?: string; language_code?: string }
  /** The card's language: the one of whoever shared it. */
  lang: 'en' | 'ru'
  /** The event's zone, for the times on the card (the board does not carry it). */
  timeZone: string
  /** Each button row's option: its id, and its time or place for the tap's answer. */
  options: { id: string; startsAt?: string; place?: string }[]
  /** sha256 of the text and markup last sent: an equal render is not sent again. */
  lastHash: string | null
  state: 'posting' | 'live' | 'final' | 'cancelled' | 'dead'
  deadReason?: string
  createdAt: Date
  updatedAt: Date
}

/**
 * The RSVP answers of one event as of event `version` (from events' messages), for its final cards.
 * Kept apart from the cards: FerretDB v1 writes back the whole document it updates, so a second
 * writer of the card documents could undo the editor's own writes (e.g. the card's state).
 */
export interface CardRsvpsDoc {
  _id: string // the event id
  version: number
  rsvps: { name: string; rsvp: 'coming' | 'late' | 'cannot' }[]
  updatedAt: Date
}

export const COLLECTIONS = {
  linkTokens: 'telegram_link_tokens',
  links: 'telegram_links',
  eventStates: 'event_states',
  deliveries: 'deliveries',
  dryRunLog: 'dry_run_messages',
  processed: 'processed_messages',
  /** The kit's document locks (`{_id, at, owner?, expiresAt?}`); deployments hold live claims here. */
  locks: 'delivery_locks',
  preferences: 'preferences',
  groupCards: 'group_cards',
  cardRsvps: 'card_rsvps',
} as const
