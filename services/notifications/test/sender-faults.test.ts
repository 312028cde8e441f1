/**
 * The sender's bookkeeping writes meeting a database error, on the real store and a fake Bot API: a
 * failure before the send gives the round back (the redelivered message is sent, once); a failure of
 * the write after the send is retried, so the delivery ends `sent`, not stuck `sending`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeTelegram, type FakeTelegram } from '@prost/test-support'
import { newEnvelope } from '@prost/platform'
import { createReminderSender } from '../src/reminders/reminder-sender.js'
import { toStateDoc } from '../src/reminders/reminder-planner.js'
import { SendRateLimiter } from '../src/reminders/send-rate.js'
import { createTelegramSender } from '../src/telegram/telegram-sender.js'
import { systemClock } from '../src/clock.js'
import type { DeliveryDoc } from '../src/store/documents.js'
import type { Store } from '../src/store/store.js'
import { eventState, failingOnce, objectId, openStore, silentLog, testConfig } from './helper.js'

const TOKEN = '999:sender-faults'
let fake: FakeTelegram
let db: Awaited<ReturnType<typeof openStore>>

beforeAll(async () => {
  fake = await startFakeTelegram({ token: TOKEN })
  db = await openStore(testConfig())
})

afterAll(async () => {
  await db?.close()
  await fake?.close()
})

async function dueReminder(chatId: number) {
  const participant = objectId()
  const state = eventState({
    version: 1,
    startsAt: new Date(Date.now() + 3_600_000),
    participants: [participant],
  })
  const now = new Date()
  await db.store.eventStates.insertOne(toStateDoc(state, now))
  await db.store.links.insertOne({
    _id: participant,
    subjectKind: 'user',
    chatId,
    languageCode: 'en',
    linkedAt: now,
  })
  const claimId = objectId()
  const delivery: DeliveryDoc = {
    _id: `sender-faults:${objectId()}`,
    kind: 'reminder',
    eventId: state.eventId,
    participantId: participant,
    eventVersion: 1,
    status: 'queued',
    startsAt: new Date(Date.now() + 3_600_000),
    dueAt: now,
    nextAttemptAt: now,
    claimRound: objectId(),
    claimId,
    sendId: null,
    leaseUntil: new Date(Date.now() + 60_000),
    attempts: 0,
    lastError: null,
    sentAt: null,
    createdAt: now,
    updatedAt: now,
  }
  await db.store.deliveries.insertOne(delivery)
  return { delivery, message: newEnvelope('reminder.due', 1, { reminderId: delivery._id, claimId }) }
}

function senderOn(store: Store) {
  return createReminderSender({
    store,
    sender: createTelegramSender({
      token: TOKEN,
      apiRoot: fake.apiRoot,
      timeoutMs: 5000,
      store,
      clock: systemClock,
      log: silentLog,
    }),
    armedAhead: 2,
    limiter: new SendRateLimiter({ perSecond: 50, chatIntervalMs: 0, keyPrefix: objectId(), log: silentLog }),
    clock: systemClock,
    log: silentLog,
    leaseSeconds: 60,
    maxAttempts: 3,
    retryBaseMs: 100,
    publicUrl: 'http://localhost:8080',
  })
}

const isSet = (status: string) => (_filter: unknown, update: { $set?: { status?: string } }) =>
  update.$set?.status === status

describe('the reminder sender when a bookkeeping write fails', () => {
  it('gives the round back when the write before the send fails, so the redelivered message is sent once', async () => {
    const chatId = 83_001
    const { delivery, message } = await dueReminder(chatId)
    const faulty = failingOnce(db.store, 'findOneAndUpdate', isSet('sending'))
    const sender = senderOn(faulty.store)
    await expect(sender.handle(message)).rejects.toThrow('connection reset')
    expect(fake.to(chatId)).toHaveLength(0)
    await sender.handle(message) // what the broker's redelivery does
    expect(fake.to(chatId)).toHaveLength(1)
    expect((await db.store.deliveries.findOne({ _id: delivery._id }))?.status).toBe('sent')
    sender.stop()
  })

  it('retries the write after a successful send, so the delivery ends sent', async () => {
    const chatId = 83_002
    const { delivery, message } = await dueReminder(chatId)
    const faulty = failingOnce(db.store, 'updateOne', isSet('sent'))
    const sender = senderOn(faulty.store)
    await sender.handle(message)
    expect(faulty.failures()).toBe(2)
    expect(fake.to(chatId)).toHaveLength(1)
    expect((await db.store.deliveries.findOne({ _id: delivery._id }))?.status).toBe('sent')
    sender.stop()
  })
})
