/**
 * The notifications service's collections and their documents. Written to the FerretDB v1 subset:
 * single-document atomic updates, unique _id keys, no transactions.
 */
import type { Collection, Db, IndexDescription } from 'mongodb'
import { MongoServerError } from 'mongodb'
import type { EventState, Language } from '@prost/contracts'

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
  participants: { id: string; kind: 'user' | 'participant'; name: string }[]
  final: { startsAt: Date; endsAt: Date; place: PlaceFacts } | null
  updatedAt: Date
}

/** A place as the bot names it. */
export interface PlaceFacts {
  name: string
  address: string | null
  mapUrl: string | null
}

/** The hour-before reminder, and the notices: decided, moved (rescheduled), cancelled. */
export type DeliveryKind = 'reminder' | 'finalized' | 'moved' | 'cancelled'
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

/** A claimed key; the unique _id is the only primitive FerretDB 1.x makes atomic (see acquireLock). */
export interface LockDoc {
  _id: string
  at: Date
}

export interface ProcessedMessageDoc {
  _id: string
  type: string
  at: Date
}

export const COLLECTIONS = {
  linkTokens: 'telegram_link_tokens',
  links: 'telegram_links',
  eventStates: 'event_states',
  deliveries: 'deliveries',
  dryRunLog: 'dry_run_messages',
  processed: 'processed_messages',
  locks: 'delivery_locks',
  preferences: 'preferences',
} as const

export const indexes: Record<string, IndexDescription[]> = {
  [COLLECTIONS.links]: [{ key: { chatId: 1 }, name: 'chat' }],
  [COLLECTIONS.deliveries]: [
    // Equality keys first: FerretDB pushes equality down to SQL and filters ranges afterwards.
    { key: { status: 1, nextAttemptAt: 1 }, name: 'due' },
    { key: { eventId: 1 }, name: 'event' },
    { key: { participantId: 1 }, name: 'participant' },
  ],
  [COLLECTIONS.dryRunLog]: [{ key: { recipientId: 1, sentAt: -1 }, name: 'recipient' }],
}

export function createStore(db: Db) {
  return {
    linkTokens: db.collection<LinkTokenDoc>(COLLECTIONS.linkTokens),
    links: db.collection<TelegramLinkDoc>(COLLECTIONS.links),
    eventStates: db.collection<EventStateDoc>(COLLECTIONS.eventStates),
    deliveries: db.collection<DeliveryDoc>(COLLECTIONS.deliveries),
    dryRunLog: db.collection<OutboxLogDoc>(COLLECTIONS.dryRunLog),
    processed: db.collection<ProcessedMessageDoc>(COLLECTIONS.processed),
    locks: db.collection<LockDoc>(COLLECTIONS.locks),
    preferences: db.collection<PreferencesDoc>(COLLECTIONS.preferences),
  }
}
export type Store = ReturnType<typeof createStore>
export type Deliveries = Collection<DeliveryDoc>

export const isDuplicateKey = (error: unknown) => error instanceof MongoServerError && error.code === 11000

/**
 * Takes `key` once, for good: true for exactly one caller however many race. FerretDB 1.24 (SQLite)
 * does not make a conditional update atomic: two concurrent `findOneAndUpdate({ _id, status:
 * 'pending' }, ...)` calls can both match and both "win" (measured: ~108 wins for 50 documents with
 * 4 racers). An insert on a unique _id is atomic there, so every exclusive step (a claim, a send, a
 * link-token redemption) takes such a lock first and only then updates the document.
 */
export async function acquireLock(
  store: Pick<Store, 'locks'>,
  key: string,
  now = new Date(),
  options: { staleAfterMs?: number } = {},
): Promise<boolean> {
  try {
    await store.locks.insertOne({ _id: key, at: now })
    return true
  } catch (error) {
    if (!isDuplicateKey(error)) throw error
  }
  if (options.staleAfterMs === undefined) return false
  // A lock only for steps whose holder, had it finished, would have changed the state that names
  // the key: asked for again long after, its holder failed half-way. Whoever deletes it may retry.
  const held = await store.locks.findOne({ _id: key })
  if (!held || now.getTime() - held.at.getTime() < options.staleAfterMs) return false
  const removed = await store.locks.deleteOne({ _id: key, at: held.at })
  return removed.deletedCount === 1 && acquireLock(store, key, now)
}

/** Gives a lock back after the step it guarded failed before doing anything; best effort. */
export async function releaseLock(store: Pick<Store, 'locks'>, key: string) {
  await store.locks.deleteOne({ _id: key }).catch(() => undefined)
}
