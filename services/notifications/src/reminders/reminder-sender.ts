/**
 * The worker's consumer of reminder.due: sends one delivery through Telegram, at most once.
 *
 * Protocol per message {reminderId, claimId}:
 *   1. drop it unless the delivery is still `queued` under this claimId (a stale copy, a redelivery
 *      after a crash, a cancelled or rescheduled reminder all fail this check);
 *   2. wait for a send slot (global and per-chat rate);
 *   3. take the send lock for this delivery round (an atomic unique insert: only one consumer ever
 *      gets past it), then `queued → sending` with a fresh sendId, keyed on the round: the lock holder
 *      owns the round even if its claim was taken over meanwhile (a lease that ran out while it waited
 *      for a slot), because the new claim's message can never pass the lock;
 *   4. once the departure window has room (send-rate.ts), call sendMessage; a worker stopping before
 *      that puts the delivery back to `queued` and gives the lock back;
 *   5. `sending → sent` (or back to `pending` with a later nextAttemptAt on 429/5xx/network errors,
 *      or `failed` + dead-letter on 403/400), keyed on the round, for the same reason;
 *   6. ack.
 * A crash after 3 leaves the delivery `sending` with its send lock taken: its redelivered message is
 * dropped in step 1 (or at the lock) and the scheduler never claims `sending`, so it is never sent twice. The cost is the residual window between
 * 3 and the request reaching Telegram: a crash there loses that one message (it stays `sending`,
 * visible in /api/notifications/me). Retries are durable in Mongo, not in the message, so a lost ack
 * or a dropped connection cannot lose them.
 * Two replicas and FerretDB v1's non-atomic conditional updates: the writes from 3 on are made only by
 * the holder of the round's send lock; the writes before it only by whoever handles a copy of one
 * claim's message, and every copy leads to the same write (skipped, or pending again).
 */
import { randomUUID } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import type { AnyEnvelope } from '@prost/contracts'
import { RetryLater, inSpan, linkFromCarrier, publicUrls, SpanKind } from '@prost/platform'
import type { Clock } from '../clock.js'
import type { NotificationsConfig } from '../config.js'
import type { Store } from '../store/store.js'
import type { DeliveryDoc, EventStateDoc, TelegramLinkDoc } from '../store/documents.js'
import type { OutgoingMessage, TelegramSender } from '../telegram/telegram-sender.js'
import { formatWhen, languageOf, messages, type Lang, type MeetupFacts } from '../telegram/messages.js'
import { rsvpKeyboard } from '../rsvp/rsvp-keyboard.js'
import { rsvpKey } from '../rsvp/rsvp-data.js'
import { rsvpMessages } from '../rsvp/rsvp-messages.js'
import { waitlistMessages } from '../waitlist/waitlist-messages.js'
import { SendRateLimiter, sleep } from './send-rate.js'
import { ArmedSends } from './armed-sends.js'
import { recordReminderSent } from './reminder-lag.js'
import { renderNudge, type RenderedNudge } from '../nudges/nudge-render.js'
import { nudgeKey } from '../nudges/nudge-data.js'
import { createVotingBoardReader, type VotingBoardReader } from '../nudges/voting-board.js'

/** Thrown to have the kit dead-letter the message (a permanent failure, already recorded). */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError'
}

export interface ReminderSenderOptions {
  store: Store
  sender: TelegramSender
  limiter: SendRateLimiter
  /** How many deliveries may be locked and `sending` while waiting to depart. */
  armedAhead: number
  clock: Clock
  log: FastifyBaseLogger
  leaseSeconds: number
  maxAttempts: number
  retryBaseMs: number
  /** Where links in messages point (`publicUrls(config).primary`). */
  publicUrl: string
  /** Deadline nudges: who has not voted (voting's board), the buttons' key, the Mini App's bot. Off when absent. */
  nudges?: { voting: VotingBoardReader; key: Buffer; botUsername: string }
  /** Signs the RSVP buttons; without it (no INTERNAL_API_TOKEN) messages go out without them. */
  rsvpKey?: Buffer | null
}

/**
 * Why a nudge must not go out any more: the poll ended, its deadline moved (the planner made a new
 * round for the new one), passed, or nudges were turned off. Nudges are off entirely without
 * INTERNAL_API_TOKEN (no way to ask voting who has voted).
 */
export function staleNudge(nudge: DeliveryDoc, state: EventStateDoc, now: Date): string | null {
  if (state.status !== 'polling') return `event ${state.status}`
  const deadline = state.votingDeadline ?? null
  if (!deadline || state.nudgeHours == null) return 'nudges off'
  if (nudge.startsAt?.getTime() !== deadline.getTime()) return 'deadline moved'
  if (deadline <= now) return 'deadline passed'
  return null
}

/**
 * Why a notice would now mislead, if it would: "decided" or "moved" for an event cancelled since, or
 * "moved to X" when it has moved on to Y since (the notice of that later move tells them instead).
 */
export function outdatedNotice(notice: DeliveryDoc, state: EventStateDoc): string | null {
  if (notice.kind === 'late') return state.status === 'finalized' ? null : 'event no longer decided'
  if (notice.kind === 'promoted') {
    if (state.status !== 'finalized') return 'event no longer decided'
    const seat = state.participants.find((p) => p.id === notice.participantId)?.seat
    return seat === 'in' ? null : 'no longer in'
  }
  if (notice.kind !== 'finalized' && notice.kind !== 'moved') return null
  if (state.status === 'cancelled') return 'event cancelled since'
  if (notice.kind !== 'moved') return null
  const final = state.final
  const place = notice.place
  const same =
    final !== null &&
    notice.startsAt?.getTime() === final.startsAt.getTime() &&
    (place === undefined ||
      (place?.name === final.place.name && (place?.address ?? null) === (final.place.address ?? null)))
  return same ? null : 'moved again since'
}

export function createReminderSender(options: ReminderSenderOptions) {
  const { store, sender, limiter, clock, log } = options
  const stopping = new AbortController()
  // Every reminder waiting for a send slot (up to the consumer's prefetch) listens on this one signal;
  // without this Node warns of a listener leak as soon as 11 wait at once.
  setMaxListeners(0, stopping.signal)
  // Half a second's sends may be between their lock and their departure: enough for the next ones'
  // writes to overlap the current departures, little to lose in a crash.
  const armed = new ArmedSends(options.armedAhead)

  async function finish(reminder: DeliveryDoc, filter: Partial<DeliveryDoc>, set: Partial<DeliveryDoc>) {
    // After a send this write is the only record of what Telegram said: a brief database error must
    // not leave the delivery `sending` (or the message dead-lettered), so it is retried for a while.
    const result = await retried(() =>
      store.deliveries.updateOne(
        { _id: reminder._id, ...filter },
        { $set: { ...set, updatedAt: clock.now() } },
      ),
    )
    if (result.matchedCount === 0) {
      log.info(
        { reminderId: reminder._id, set: set.status },
        'delivery changed meanwhile (rescheduled or cancelled)',
      )
    }
  }

  async function retried<T>(write: () => Promise<T>, attempts = 6): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write()
      } catch (error) {
        if (attempt >= attempts || stopping.signal.aborted) throw error
        log.warn({ err: error, attempt }, 'delivery bookkeeping write failed; retrying')
        await sleep(Math.min(250 * 2 ** attempt, 5000), stopping.signal)
      }
    }
  }

  async function handleOne(envelope: AnyEnvelope) {
    if (envelope.type !== 'reminder.due')
      throw new PermanentDeliveryError(`unexpected message ${envelope.type}`)
    const { reminderId, claimId } = (envelope.payload ?? {}) as { reminderId?: string; claimId?: string }
    if (typeof reminderId !== 'string' || typeof claimId !== 'string') {
      throw new PermanentDeliveryError('reminder.due without reminderId/claimId')
    }
    const reminder = await store.deliveries.findOne({ _id: reminderId })
    if (!reminder || reminder.claimId !== claimId || reminder.status !== 'queued') {
      log.info(
        { reminderId, claimId, status: reminder?.status ?? 'missing' },
        'reminder.due is stale or already handled; dropped',
      )
      return
    }
    const claimed = { claimId, status: 'queued' as const }
    const [state, link] = await Promise.all([
      store.eventStates.findOne({ _id: reminder.eventId }),
      store.links.findOne({ _id: reminder.participantId }),
    ])
    const now = clock.now()
    if (!state || state.version < reminder.eventVersion) {
      // The planner writes the event state after the deliveries (so a crash there is redone on
      // redelivery): a delivery can be claimed a moment before its state lands. Look again shortly.
      if (now.getTime() - reminder.createdAt.getTime() > 10 * 60_000) {
        return finish(reminder, claimed, { status: 'skipped', lastError: 'event state never arrived' })
      }
      return finish(reminder, claimed, {
        status: 'pending',
        nextAttemptAt: new Date(now.getTime() + 500),
        claimRound: randomUUID(),
        claimId: null,
        leaseUntil: null,
      })
    }
    if (
      reminder.kind === 'reminder' &&
      (state.status !== 'finalized' || !reminder.startsAt || reminder.startsAt <= now)
    ) {
      return finish(reminder, claimed, { status: 'skipped', lastError: 'meetup no longer ahead' })
    }
    const outdated = outdatedNotice(reminder, state)
    if (outdated) return finish(reminder, claimed, { status: 'skipped', lastError: outdated })
    // "Everyone answered" and "could not decide" ask the organizer to decide: moot once decided.
    if (
      (reminder.kind === 'allVoted' || reminder.kind === 'undecided' || reminder.kind === 'seriesPoll') &&
      state.status !== 'polling'
    ) {
      return finish(reminder, claimed, { status: 'skipped', lastError: `event ${state.status}` })
    }
    if (reminder.kind === 'nudge') {
      const stale = options.nudges ? staleNudge(reminder, state, now) : 'nudges need INTERNAL_API_TOKEN'
      if (stale) return finish(reminder, claimed, { status: 'skipped', lastError: stale })
    }
    if (!sender.dryRun && (!link || link.blockedAt)) {
      return finish(reminder, claimed, {
        status: 'skipped',
        lastError: link ? 'bot blocked' : 'telegram not linked',
      })
    }
    // The language chosen in Prost wins over the Telegram app's language.
    const preference = await store.preferences.findOne({ _id: reminder.participantId })
    const languageCode = preference?.language ?? link?.languageCode ?? null
    const lang = languageOf(languageCode)
    let text = compose(reminder, state, lang, now)
    const chatId = link?.chatId ?? null
    let nudge: RenderedNudge | null = null
    if (reminder.kind === 'nudge') {
      // Who has voted is asked now, at send time: a vote cast since the nudge was planned counts.
      const board = await options.nudges!.voting.board(reminder.eventId).catch((error: unknown) => {
        log.warn({ err: error, reminderId }, 'voting board unavailable for a nudge; trying again shortly')
        return null
      })
      if (!board) {
        return finish(reminder, claimed, {
          status: 'pending',
          nextAttemptAt: new Date(now.getTime() + 30_000),
          claimRound: randomUUID(),
          claimId: null,
          leaseUntil: null,
        })
      }
      if (!board.notVoted.some((p) => p.id === reminder.participantId)) {
        return finish(reminder, claimed, { status: 'skipped', lastError: 'already voted' })
      }
      nudge = renderNudge(board, {
        lang,
        timeZone: state.timeZone,
        key: options.nudges!.key,
        botUsername: options.nudges!.botUsername,
        telegramId: chatId ?? 0,
      })
      text = nudge.text
    }
    // "I'm coming / Running late / Can't make it" on the reminder and the decided notice. The link's
    // chat is the private chat with the person, whose id is their Telegram id: the buttons are signed for it.
    const withRsvp =
      options.rsvpKey && chatId !== null && (reminder.kind === 'reminder' || reminder.kind === 'finalized')
    const replyMarkup = withRsvp ? rsvpKeyboard(options.rsvpKey!, state._id, chatId, lang) : undefined

    const chat = chatId === null ? `dry:${reminder.participantId}` : String(chatId)
    await limiter.acquire(chat, stopping.signal)
    // Shutting down while waiting for a slot: hand the message back untouched (still queued, same claim).
    if (stopping.signal.aborted) throw new RetryLater('worker is stopping')
    const disarm = await armed.enter(stopping.signal)
    if (!disarm) throw new RetryLater('worker is stopping')
    try {
      return await sendArmed(reminder, text, chat, chatId, link, nudge, replyMarkup, disarm)
    } finally {
      disarm()
    }
  }

  /** Steps 3 to 5, for a delivery with a departure slot (`disarm` is called once it has left). */
  async function sendArmed(
    reminder: DeliveryDoc,
    text: string,
    chat: string,
    chatId: number | null,
    link: TelegramLinkDoc | null,
    nudge: RenderedNudge | null,
    replyMarkup: OutgoingMessage['replyMarkup'] | undefined,
    disarm: () => void,
  ) {
    const reminderId = reminder._id
    // At most one sendMessage per delivery round, whoever holds which copy of the message: the lock
    // insert is atomic, the status write after it is bookkeeping.
    const sendLock = `send:${reminder._id}:${reminder.claimRound}`
    if (!(await store.locks.claim(sendLock, { now: clock.now() }))) {
      log.info({ reminderId }, 'delivery already being sent or sent in this round; dropped')
      return
    }
    const sendId = randomUUID()
    // Keyed on the round, not the claim: a claim taken over after our check would otherwise leave the
    // round's lock held by nobody who sends, and every later claim of this round dropped at it.
    // So are the writes after the send (not `status: 'sending'` either): a takeover racing this step
    // (FerretDB does not make conditional updates atomic) can put the delivery back to `queued`, and
    // what Telegram said is still the truth for it.
    const mine = { claimRound: reminder.claimRound }
    const sending = await store.deliveries
      .findOneAndUpdate(
        { _id: reminder._id, ...mine, status: 'queued' },
        {
          $set: {
            status: 'sending',
            sendId,
            leaseUntil: new Date(clock.now().getTime() + options.leaseSeconds * 1000),
            updatedAt: clock.now(),
          },
        },
      )
      .catch(async (error: unknown) => {
        // Nothing was sent: give the round back, or every later claim of it would be dropped at the lock.
        await store.locks.release(sendLock)
        throw error
      })
    if (!sending) {
      log.info({ reminderId }, 'delivery changed before sending; dropped')
      return
    }
    // The departure window, measured when the send actually leaves: the writes above took a
    // varying time since the slot. Stopping meanwhile: nothing was sent, so hand the round back.
    const departure = await limiter.depart(chat, stopping.signal)
    if (!departure) {
      await store.deliveries
        .updateOne({ _id: reminder._id, sendId }, { $set: { status: 'queued', updatedAt: clock.now() } })
        .then(() => store.locks.release(sendLock))
        .catch(() => undefined) // left `sending`, as after a crash here
      throw new RetryLater('worker is stopping')
    }
    disarm()
    // The Bot API call runs in this span, linked to the change that scheduled the delivery (the
    // finalize, maybe days ago): a trace of its own that leads back to the one that caused it.
    // Once it returns, whatever it returned, the message has arrived or never will: its last
    // window in the send budget starts (send-rate.ts).
    const outcome = await inSpan(
      `telegram ${reminder.kind} send`,
      {
        kind: SpanKind.INTERNAL,
        links: linkFromCarrier(reminder.traceContext),
        attributes: {
          'prost.delivery.id': reminder._id,
          'prost.delivery.kind': reminder.kind,
          'prost.event.id': reminder.eventId,
          'prost.telegram.dry_run': sender.dryRun,
        },
      },
      () =>
        sender.send({
          chatId,
          text,
          recipientId: reminder.participantId,
          kind: reminder.kind,
          // A nudge's buttons are each either a callback or a URL button (never both, never neither).
          ...(nudge
            ? { replyMarkup: nudge.markup as OutgoingMessage['replyMarkup'] }
            : replyMarkup
              ? { replyMarkup }
              : {}),
        }),
    ).finally(() => departure.answered())
    if (outcome.ok) {
      const sentAt = clock.now()
      recordReminderSent(reminder, sentAt)
      return finish(reminder, mine, {
        status: 'sent',
        sentAt,
        leaseUntil: null,
        // A tap names an option by its index: keep which option each row was.
        ...(nudge ? { options: nudge.options } : {}),
      })
    }
    const attempts = reminder.attempts + 1
    if (outcome.kind === 'rate-limited') {
      await limiter.pause(outcome.retryAfterMs)
      log.warn({ reminderId, retryAfterMs: outcome.retryAfterMs }, 'telegram rate limit; delivery postponed')
      // A 429 is Telegram's pacing, not a failure of this message: it does not count towards maxAttempts.
      return retryLater(reminder, mine, outcome.retryAfterMs, reminder.attempts, outcome.error)
    }
    if (outcome.kind === 'transient' && attempts < options.maxAttempts) {
      const delay = Math.min(options.retryBaseMs * 2 ** (attempts - 1), 10 * 60_000)
      const jittered = Math.round(delay * (0.8 + Math.random() * 0.4))
      log.warn(
        { reminderId, attempts, retryInMs: jittered, err: outcome.error },
        'telegram send failed; will retry',
      )
      return retryLater(reminder, mine, jittered, attempts, outcome.error)
    }
    // The link first: whoever sees the delivery failed (a reader, a test) also sees why no more go out.
    if (outcome.kind === 'permanent' && outcome.code === 403 && link) {
      await store.links.updateOne({ _id: link._id }, { $set: { blockedAt: clock.now() } })
    }
    await finish(reminder, mine, { status: 'failed', attempts, lastError: outcome.error, leaseUntil: null })
    log.error({ reminderId, attempts, err: outcome.error }, 'telegram send failed for good; dead-lettering')
    throw new PermanentDeliveryError(`delivery ${reminderId} failed: ${outcome.error}`)
  }

  async function retryLater(
    reminder: DeliveryDoc,
    mine: Partial<DeliveryDoc>,
    delayMs: number,
    attempts: number,
    error: string,
  ) {
    // Telegram refused it, so nothing was delivered: a new round may send again.
    await finish(reminder, mine, {
      status: 'pending',
      nextAttemptAt: new Date(clock.now().getTime() + delayMs),
      claimRound: randomUUID(),
      claimId: null,
      sendId: null,
      leaseUntil: null,
      attempts,
      lastError: error,
    })
  }

  function compose(reminder: DeliveryDoc, state: EventStateDoc, lang: Lang, now: Date) {
    const text = messages[lang]
    if (reminder.kind === 'late') return rsvpMessages[lang].late(reminder.subjectName ?? '?', state.title)
    const startsAt = reminder.startsAt ?? state.final?.startsAt ?? null
    // A notice names the place of its own version (older notices have no snapshot: the current one).
    const place =
      reminder.kind !== 'reminder' && reminder.place !== undefined
        ? reminder.place
        : (state.final?.place ?? null)
    const facts: MeetupFacts = {
      title: state.title,
      when: startsAt ? formatWhen(startsAt, state.timeZone, lang) : '',
      placeName: place?.name ?? null,
      address: place?.address ?? null,
      mapUrl: place?.mapUrl ?? null,
      icsUrl: `${options.publicUrl}/api/events/${state._id}/ics`,
      pageUrl: `${options.publicUrl}/events/${state._id}`,
      minutesLeft: startsAt
        ? Math.max(1, Math.round((startsAt.getTime() - now.getTime()) / 60_000))
        : undefined,
    }
    if (reminder.kind === 'finalized') return text.finalized(facts)
    if (reminder.kind === 'moved') return text.moved(facts)
    if (reminder.kind === 'cancelled') return text.cancelled(facts)
    if (reminder.kind === 'promoted') return waitlistMessages[lang].promoted(facts)
    if (reminder.kind === 'allVoted') return text.allVoted(facts)
    if (reminder.kind === 'undecided') return text.undecided(facts)
    if (reminder.kind === 'seriesPoll') return text.seriesPoll(facts)
    return text.reminder(facts)
  }

  const inFlight = new Set<Promise<unknown>>()

  return {
    async handle(envelope: AnyEnvelope) {
      const work = handleOne(envelope)
      inFlight.add(work)
      try {
        return await work
      } finally {
        inFlight.delete(work)
      }
    },
    /** Resolves once no reminder.due is being handled (tests wait on it instead of on timers). */
    async idle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight])
    },
    /** Lets handlers waiting for a send slot give up quickly on shutdown. */
    stop: () => stopping.abort(),
  }
}
export type ReminderSender = ReturnType<typeof createReminderSender>

declare module 'fastify' {
  interface FastifyInstance {
    reminderSender: ReminderSender
  }
}

type SenderConfig = Pick<
  NotificationsConfig,
  | 'PUBLIC_URL'
  | 'NOTIFICATIONS_QUEUE_PREFIX'
  | 'SEND_RATE_PER_SECOND'
  | 'SEND_CHAT_INTERVAL_MS'
  | 'TELEGRAM_TIMEOUT_MS'
  | 'REMINDER_LEASE_SECONDS'
  | 'SEND_MAX_ATTEMPTS'
  | 'SEND_RETRY_BASE_MS'
  | 'INTERNAL_API_TOKEN'
  | 'VOTING_INTERNAL_URL'
  | 'TELEGRAM_BOT_USERNAME'
>

export interface ReminderSenderPluginOptions {
  config: SenderConfig
  /** The reminders queue. */
  queue: string
  /** Whether to consume it (tests may run the worker without its sender). */
  consume: boolean
}

/** Sends due deliveries from the reminders queue, paced by a send budget every replica shares (Redis). */
export const reminderSender = fp<ReminderSenderPluginOptions>(
  async (fastify, { config, queue, consume }) => {
    const limiter = new SendRateLimiter({
      perSecond: config.SEND_RATE_PER_SECOND,
      chatIntervalMs: config.SEND_CHAT_INTERVAL_MS,
      redis: fastify.hasDecorator('redis') ? fastify.redis : undefined,
      keyPrefix: config.NOTIFICATIONS_QUEUE_PREFIX,
      log: fastify.log,
      flightMs: config.TELEGRAM_TIMEOUT_MS + 1_000,
    })
    const sender = createReminderSender({
      store: fastify.notificationsStore,
      sender: fastify.telegramSender,
      limiter,
      armedAhead: Math.max(2, Math.ceil(config.SEND_RATE_PER_SECOND / 2)),
      clock: fastify.notificationsClock,
      log: fastify.log,
      leaseSeconds: config.REMINDER_LEASE_SECONDS,
      maxAttempts: config.SEND_MAX_ATTEMPTS,
      retryBaseMs: config.SEND_RETRY_BASE_MS,
      publicUrl: publicUrls(config).primary,
      ...(config.INTERNAL_API_TOKEN
        ? {
            nudges: {
              voting: createVotingBoardReader(config.VOTING_INTERNAL_URL, config.INTERNAL_API_TOKEN),
              key: nudgeKey(config.INTERNAL_API_TOKEN),
              botUsername: config.TELEGRAM_BOT_USERNAME,
            },
          }
        : {}),
      rsvpKey: config.INTERNAL_API_TOKEN ? rsvpKey(config.INTERNAL_API_TOKEN) : null,
    })
    fastify.decorate('reminderSender', sender)
    if (consume) {
      // Enough in flight to keep the rate budget busy while each waits for its slot: a second's
      // worth waiting, and two more reading, writing or finishing (the store's latency varies).
      const prefetch = Math.min(300, Math.max(2, Math.ceil(config.SEND_RATE_PER_SECOND * 3)))
      fastify.addHook('onReady', () =>
        fastify.amqp.consume(queue, (envelope) => sender.handle(envelope), { prefetch }),
      )
    }
    // Before the kit closes RabbitMQ: hand back the messages still waiting for a slot.
    fastify.addHook('preClose', async () => sender.stop())
  },
  {
    name: 'notifications-reminder-sender',
    dependencies: ['amqp', 'notifications-store', 'notifications-clock', 'notifications-telegram-sender'],
  },
)
