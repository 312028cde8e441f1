/**
 * Turns event.* / participant.joined messages into delivery documents: one reminder per participant of
 * a finalized event (dueAt = startsAt − lead), moved on reschedule, cancelled on cancel, plus
 * "it's decided", "it moved" and "cancelled" notices, and "you are in" to whoever moves up from a waitlist. Idempotent by message id and by event version: every
 * message carries the full event state, so each one reconciles the reminders towards that state, and a
 * redelivered or older message changes nothing. The event state is written last, so a crash half-way
 * leaves the version gate open and the redelivery finishes the job.
 *
 * One event's messages are applied one at a time, also across worker replicas (the event's lock): two
 * messages of one event applied side by side would both compare against the same previous state (two
 * "moved" notices for one move), and FerretDB v1 lets both of their conditional writes match.
 */
import { randomUUID } from 'node:crypto'
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import { HttpProblem, RetryLater, currentTraceCarrier, isDuplicateKey } from '@prost/platform'
import { EVENT_MESSAGE_TYPES, type AnyEnvelope, type EventState } from '@prost/contracts'
import { describeRefusal, eventMessageChecker, eventStateChecker } from '@prost/contracts/checkers'
import type { Clock } from '../clock.js'
import type { Store } from '../store/store.js'
import type { DeliveryDoc, DeliveryKind, EventStateDoc } from '../store/documents.js'

const HANDLED = new Set<string>(EVENT_MESSAGE_TYPES)

/** Thrown for a message that breaks its contract: the kit dead-letters it (a redelivery would fail the same way). */
export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError'
}

export interface PlannerOptions {
  store: Store
  clock: Clock
  leadMinutes: number
  log: FastifyBaseLogger
}

export function createReminderPlanner({ store, clock, leadMinutes, log }: PlannerOptions) {
  const leadMs = leadMinutes * 60_000

  async function handle(envelope: AnyEnvelope) {
    if (!HANDLED.has(envelope.type)) return
    if (!eventMessageChecker.Check(envelope))
      throw new MalformedMessageError(`event message refused: ${refusal(envelope)}`)
    const state: EventState = envelope.payload
    try {
      await store.locks.withLock(`plan:${state.eventId}`, () => apply(envelope, state))
    } catch (error) {
      // Another replica has been applying this event's messages for long: this one waits its turn in the queue.
      if (error instanceof HttpProblem && error.kind === 'dependency-unavailable') {
        throw new RetryLater(`event ${state.eventId} is busy`)
      }
      throw error
    }
  }

  async function apply(envelope: AnyEnvelope, state: EventState) {
    if (await store.processed.findOne({ _id: envelope.id })) {
      log.debug({ messageId: envelope.id }, 'event message already applied')
      return
    }
    const current = await store.eventStates.findOne({ _id: state.eventId })
    if (current && current.version >= state.version) {
      log.info(
        { eventId: state.eventId, version: state.version, have: current.version },
        'stale event message ignored',
      )
    } else {
      const doc = toStateDoc(state, clock.now())
      await reconcileReminders(doc)
      await reconcileNudges(doc)
      await addNotices(noticeFor(envelope.type, current, doc), doc)
      if (doc.autoFinalizeUndecided && !current?.autoFinalizeUndecided) await tellUndecided(doc)
      await addLateNotes(current, doc)
      await addPromotedNotices(current, doc)
      if (envelope.type === 'event.created' && state.series) await tellSeriesInvitees(state, doc)
      await saveState(doc)
    }
    await store.processed.updateOne(
      { _id: envelope.id },
      { $setOnInsert: { type: envelope.type, at: clock.now() } },
      { upsert: true },
    )
  }

  /**
   * Everyone who should hear about the event: the participants, and the organizer too. Reminders
   * skip those still on a waitlist (they have no place to come to); notices (decided, moved,
   * cancelled) reach them as well.
   */
  function audience(state: EventStateDoc, { waitlisted = true } = {}) {
    const people = new Map<string, string>()
    for (const p of state.participants) if (waitlisted || p.seat !== 'waitlist') people.set(p.id, p.kind)
    if (!people.has(state.organizer.id)) people.set(state.organizer.id, 'user')
    return [...people.keys()]
  }

  async function reconcileReminders(state: EventStateDoc) {
    const now = clock.now()
    const startsAt = state.status === 'finalized' ? (state.final?.startsAt ?? null) : null
    // A meetup that already began needs no reminder.
    const wanted =
      startsAt && startsAt.getTime() > now.getTime()
        ? new Set(audience(state, { waitlisted: false }))
        : new Set<string>()
    const existing = await store.deliveries.find({ eventId: state._id, kind: 'reminder' }).toArray()
    const seen = new Set(existing.map((r) => r.participantId))
    for (const participantId of wanted) {
      if (!seen.has(participantId)) {
        await upsertReminder(state, participantId, startsAt!)
      }
    }
    for (const reminder of existing) {
      if (wanted.has(reminder.participantId)) await upsertReminder(state, reminder.participantId, startsAt!)
      else await cancelReminder(reminder, state.version)
    }
  }

  /**
   * One nudge per participant while the poll runs with a deadline and nudges on, due `nudgeHours`
   * before it; a moved deadline moves them (`startsAt` holds the deadline), and a finalized or
   * cancelled event, a removed deadline or nudges turned off cancel the ones not sent yet. Whether
   * the person has voted is decided when it is sent (the vote may come after this message).
   */
  async function reconcileNudges(state: EventStateDoc) {
    const now = clock.now()
    const deadline = state.votingDeadline ?? null
    const hours = state.nudgeHours ?? null
    const on = state.status === 'polling' && deadline !== null && hours !== null && deadline > now
    const wanted = on ? new Set(state.participants.map((p) => p.id)) : new Set<string>()
    const existing = await store.deliveries.find({ eventId: state._id, kind: 'nudge' }).toArray()
    const seen = new Set(existing.map((n) => n.participantId))
    const dueAt = on ? new Date(deadline.getTime() - hours * 3_600_000) : null
    for (const participantId of wanted) {
      if (!seen.has(participantId)) await upsertDelivery('nudge', state, participantId, deadline!, dueAt!)
    }
    for (const nudge of existing) {
      if (wanted.has(nudge.participantId))
        await upsertDelivery('nudge', state, nudge.participantId, deadline!, dueAt!)
      else await cancelReminder(nudge, state.version)
    }
  }

  /**
   * Creates the reminder, or makes an existing one pending again for a new start (or after a cancel).
   * A reminder whose meetup did not change is left alone: a write would race the scheduler's and the
   * sender's writes to it (FerretDB v1 writes back the whole document it read). The eventVersion
   * condition guards against this service's own older writes; other planners wait for the event's lock.
   */
  function upsertReminder(state: EventStateDoc, participantId: string, startsAt: Date) {
    return upsertDelivery('reminder', state, participantId, startsAt, new Date(startsAt.getTime() - leadMs))
  }

  /** The same for a nudge: its "start" is the deadline it is about (_id `nudge:<event>:<participant>`). */
  async function upsertDelivery(
    kind: 'reminder' | 'nudge',
    state: EventStateDoc,
    participantId: string,
    startsAt: Date,
    dueAt: Date,
  ) {
    const _id = kind === 'reminder' ? `${state._id}:${participantId}` : `nudge:${state._id}:${participantId}`
    const now = clock.now()
    const existing = await store.deliveries.findOne({ _id })
    if (!existing) {
      await store.deliveries
        .insertOne(newDelivery(_id, kind, state, participantId, startsAt, dueAt, now))
        .catch((error: unknown) => {
          // Only if another planner took the event's lock over: apply the message again, from the start.
          throw isDuplicateKey(error) ? new RetryLater(`reminder ${_id} created meanwhile`) : error
        })
      return
    }
    if (existing.eventVersion >= state.version) return
    // A nudge goes out once per person and event, even if the deadline moves after it was sent.
    if (kind === 'nudge' && (existing.status === 'sent' || existing.status === 'sending')) return
    const moved =
      existing.startsAt?.getTime() !== startsAt.getTime() || existing.dueAt.getTime() !== dueAt.getTime()
    if (!moved && existing.status !== 'cancelled') return
    // A new time is a new reminder: whatever happened to the old one, this one is pending. A claim
    // or send in flight for the old time loses its fence (claimId/sendId) and is dropped.
    const revived: Partial<DeliveryDoc> = { ...pendingAt(state, startsAt, dueAt), updatedAt: now }
    const result = await store.deliveries.updateOne(
      { _id, eventVersion: existing.eventVersion },
      { $set: revived },
    )
    if (result.matchedCount === 0) throw new RetryLater(`reminder ${_id} changed under us`)
    if (moved) log.info({ reminderId: _id, dueAt }, 'reminder (re)scheduled')
  }

  async function cancelReminder(reminder: DeliveryDoc, version: number) {
    // Only what has not started sending can be cancelled; a send in flight finishes.
    if (reminder.eventVersion >= version || (reminder.status !== 'pending' && reminder.status !== 'queued'))
      return
    await store.deliveries.updateOne(
      { _id: reminder._id, eventVersion: reminder.eventVersion, status: { $in: ['pending', 'queued'] } },
      {
        $set: {
          status: 'cancelled',
          eventVersion: version,
          claimId: null,
          leaseUntil: null,
          updatedAt: clock.now(),
        },
      },
    )
  }

  async function addNotices(kind: NoticeKind | null, state: EventStateDoc) {
    if (!kind) return
    const now = clock.now()
    for (const participantId of audience(state)) {
      // One per kind, participant and version: a redelivered or repeated message inserts nothing new.
      const _id = `${kind}:${state._id}:${participantId}:${state.version}`
      const notice = {
        ...newDelivery(_id, kind, state, participantId, state.final?.startsAt ?? null, now, now),
        place: state.final?.place ?? null,
      }
      try {
        await store.deliveries.insertOne(notice)
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
  }

  /** The organizer hears once per such state that the automatic finalize left the decision to them. */
  async function tellUndecided(state: EventStateDoc) {
    const now = clock.now()
    const _id = `undecided:${state._id}:${state.organizer.id}:${state.version}`
    try {
      await store.deliveries.insertOne(
        newDelivery(_id, 'undecided', state, state.organizer.id, null, now, now),
      )
    } catch (error) {
      if (!isDuplicateKey(error)) throw error
    }
  }

  /** One note to the organizer per participant whose RSVP changed to "running late" in this version. */
  async function addLateNotes(previous: EventStateDoc | null, state: EventStateDoc) {
    if (!previous || state.status !== 'finalized') return
    const now = clock.now()
    for (const person of newlyLate(previous, state)) {
      const _id = `late:${state._id}:${person.id}:${state.version}`
      const note = {
        ...newDelivery(_id, 'late', state, state.organizer.id, state.final?.startsAt ?? null, now, now),
        subjectName: person.name,
      }
      try {
        await store.deliveries.insertOne(note)
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
  }

  /** One notice to each participant who moved up from the waitlist in this version: they are in. */
  async function addPromotedNotices(previous: EventStateDoc | null, state: EventStateDoc) {
    if (!previous || state.status !== 'finalized') return
    const now = clock.now()
    for (const person of movedUp(previous, state)) {
      const _id = `promoted:${state._id}:${person.id}:${state.version}`
      const notice = {
        ...newDelivery(_id, 'promoted', state, person.id, state.final?.startsAt ?? null, now, now),
        place: state.final?.place ?? null,
      }
      try {
        await store.deliveries.insertOne(notice)
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
  }

  /**
   * A series of repeat meetups opened the next poll: each invitee hears of it once (_id per event
   * and person, so a redelivered event.created inserts nothing new), with the proposed start.
   */
  async function tellSeriesInvitees(state: EventState, doc: EventStateDoc) {
    const now = clock.now()
    const startsAt = state.timeOptions[0] ? new Date(state.timeOptions[0].startsAt) : null
    for (const userId of state.invitedUserIds) {
      const _id = `seriesPoll:${doc._id}:${userId}`
      try {
        await store.deliveries.insertOne(newDelivery(_id, 'seriesPoll', doc, userId, startsAt, now, now))
      } catch (error) {
        if (!isDuplicateKey(error)) throw error
      }
    }
  }

  async function saveState(doc: EventStateDoc) {
    // Under the event's lock only this planner writes the state; the version condition is a second fence.
    try {
      await store.eventStates.updateOne(
        { _id: doc._id, version: { $lt: doc.version } },
        { $set: { ...doc } },
        { upsert: true },
      )
    } catch (error) {
      // A newer version was stored meanwhile: the upsert collides with it, which is fine.
      if (!isDuplicateKey(error)) throw error
    }
  }

  return { handle }
}

/** Where a message breaks the contract: in its event state if there (a union's own error names no field), else in the envelope. */
function refusal(envelope: AnyEnvelope) {
  if (eventStateChecker.Check(envelope.payload)) return describeRefusal(eventMessageChecker, envelope)
  return describeRefusal(eventStateChecker, envelope.payload)
    .split('; ')
    .map((reason) => `/payload${reason.startsWith('/ ') ? reason.slice(1) : reason}`)
    .join('; ')
}

export type NoticeKind = Exclude<
  DeliveryKind,
  'reminder' | 'nudge' | 'allVoted' | 'undecided' | 'late' | 'promoted' | 'seriesPoll'
>

/** Participants on the waitlist in `previous` who are in in `next` (a place came free). */
export function movedUp(previous: EventStateDoc, next: EventStateDoc) {
  const before = new Map(previous.participants.map((p) => [p.id, p.seat]))
  return next.participants.filter((p) => p.seat === 'in' && before.get(p.id) === 'waitlist')
}

/** Participants (not the organizer) running late in `next` who were not in `previous`. */
export function newlyLate(previous: EventStateDoc, next: EventStateDoc) {
  const before = new Map(previous.participants.map((p) => [p.id, p.rsvp]))
  return next.participants.filter(
    (p) => p.rsvp === 'late' && before.get(p.id) !== 'late' && p.id !== next.organizer.id,
  )
}

/**
 * Which notice a new event state calls for, from what changed since the state last applied: the
 * message type alone would miss a change whose own message came late (a reschedule overtaken by a
 * later edit is dropped as stale, but its new time is in the later state). Without a previous state
 * (messages seen for the first time) the message type decides.
 */
export function noticeFor(
  type: string,
  previous: EventStateDoc | null,
  next: EventStateDoc,
): NoticeKind | null {
  if (next.status === 'cancelled') {
    return (previous ? previous.status !== 'cancelled' : type === 'event.cancelled') ? 'cancelled' : null
  }
  if (next.status !== 'finalized' || !next.final) return null
  if (!previous)
    return type === 'event.finalized' ? 'finalized' : type === 'event.rescheduled' ? 'moved' : null
  if (previous.status !== 'finalized' || !previous.final) return 'finalized'
  // Only what the notices show counts as a move: the start and the place.
  const before = previous.final
  const after = next.final
  const moved =
    before.startsAt.getTime() !== after.startsAt.getTime() ||
    before.place.name !== after.place.name ||
    (before.place.address ?? null) !== (after.place.address ?? null)
  return moved ? 'moved' : null
}

/** A delivery as the planner stores it: pending, due at `dueAt`, a fresh claim round. */
export function newDelivery(
  _id: string,
  kind: DeliveryKind,
  state: EventStateDoc,
  participantId: string,
  startsAt: Date | null,
  dueAt: Date,
  now: Date,
): DeliveryDoc {
  return {
    _id,
    kind,
    eventId: state._id,
    participantId,
    ...pendingAt(state, startsAt, dueAt),
    createdAt: now,
    updatedAt: now,
  }
}

/**
 * The delivery state of a reminder that is waiting for `dueAt`, with a fresh claim round and no
 * claim, send, attempt or error: a new delivery starts so, and a moved one starts over so.
 */
function pendingAt(state: EventStateDoc, startsAt: Date | null, dueAt: Date) {
  return {
    eventVersion: state.version,
    status: 'pending' as const,
    startsAt,
    dueAt,
    nextAttemptAt: dueAt,
    claimRound: randomUUID(),
    claimId: null,
    sendId: null,
    leaseUntil: null,
    attempts: 0,
    lastError: null,
    sentAt: null,
    // Handled inside the event message's trace (the finalize, the move): the send will link to it.
    ...tracedBy(),
  }
}

function tracedBy(): { traceContext?: DeliveryDoc['traceContext'] } {
  const traceContext = currentTraceCarrier()
  return traceContext ? { traceContext } : {}
}

export function toStateDoc(state: EventState, now: Date): EventStateDoc {
  return {
    _id: state.eventId,
    version: state.version,
    title: state.title,
    timeZone: state.timeZone,
    status: state.status,
    organizer: { id: state.organizer.id, name: state.organizer.name },
    participants: state.participants.map((p) => ({
      id: p.id,
      kind: p.kind,
      name: p.name,
      ...(p.rsvp ? { rsvp: p.rsvp } : {}),
      ...(p.seat ? { seat: p.seat } : {}),
    })),
    votingDeadline: state.votingDeadline ? new Date(state.votingDeadline) : null,
    nudgeHours: state.nudgeHoursBeforeDeadline ?? null,
    autoFinalizeUndecided: state.autoFinalizeUndecided ?? false,
    final: state.final
      ? {
          startsAt: new Date(state.final.startsAt),
          endsAt: new Date(state.final.endsAt),
          place: {
            name: state.final.place.name,
            address: state.final.place.address ?? null,
            mapUrl: state.final.place.mapUrl ?? null,
          },
        }
      : null,
    updatedAt: now,
  }
}

export type ReminderPlanner = ReturnType<typeof createReminderPlanner>

declare module 'fastify' {
  interface FastifyInstance {
    reminderPlanner: ReminderPlanner
  }
}

export interface ReminderPlannerPluginOptions {
  leadMinutes: number
  /** The events queue. */
  queue: string
  /** Whether to consume it (tests may run the worker without its planner). */
  consume: boolean
}

export const reminderPlanner = fp<ReminderPlannerPluginOptions>(
  async (fastify, options) => {
    const planner = createReminderPlanner({
      store: fastify.notificationsStore,
      clock: fastify.notificationsClock,
      leadMinutes: options.leadMinutes,
      log: fastify.log,
    })
    fastify.decorate('reminderPlanner', planner)
    if (options.consume) {
      // One message at a time per replica; across replicas the event's lock keeps one event's messages in turn.
      fastify.addHook('onReady', () =>
        fastify.amqp.consume(options.queue, (envelope) => planner.handle(envelope), { prefetch: 1 }),
      )
    }
  },
  {
    name: 'notifications-reminder-planner',
    dependencies: ['amqp', 'notifications-store', 'notifications-clock'],
  },
)
