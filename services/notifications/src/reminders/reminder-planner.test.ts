import { describe, expect, it } from 'vitest'
import { newEnvelope } from '@prost/platform'
import { createReminderPlanner, MalformedMessageError } from './reminder-planner.js'
import type { Store } from '../store/store.js'
import { systemClock } from '../clock.js'

const silentLog = { info() {}, warn() {}, error() {}, debug() {} } as never

/** A store that fails the test if the planner reaches it: a refused message must change nothing. */
const untouchable = new Proxy({} as Store, {
  get(_target, key) {
    throw new Error(`the planner touched store.${String(key)}`)
  },
})

const state = {
  eventId: '64b000000000000000000001',
  version: 2,
  title: 'Friday beer',
  timeZone: 'Europe/Berlin',
  visibility: 'private',
  status: 'polling',
  organizer: { id: 'u1', name: 'Org' },
  votingDeadline: null,
  timeOptions: [],
  placeOptions: [],
  participants: [{ id: 'u1', kind: 'user', name: 'Org', joinedAt: '2026-06-01T10:00:00.000Z' }],
  invitedUserIds: [],
  final: null,
}

const planner = createReminderPlanner({
  store: untouchable,
  clock: systemClock,
  leadMinutes: 60,
  log: silentLog,
})

describe('the reminder planner and the event message contract', () => {
  it('refuses an event message whose state breaks the contract, naming where (the kit dead-letters it)', async () => {
    const refused = planner.handle(newEnvelope('event.finalized', 1, { ...state, eventId: 42 }))
    await expect(refused).rejects.toBeInstanceOf(MalformedMessageError)
    await expect(refused).rejects.toThrow(/\/payload\/eventId Expected string/)
    // A valid state in an envelope that breaks the contract (an unknown version of the message).
    await expect(planner.handle(newEnvelope('event.finalized', 2, state))).rejects.toBeInstanceOf(
      MalformedMessageError,
    )
  })

  it('refuses a message without a payload, and a participant.joined without its participant', async () => {
    await expect(planner.handle(newEnvelope('event.updated', 1, null))).rejects.toThrow(
      '/payload Expected object',
    )
    await expect(planner.handle(newEnvelope('participant.joined', 1, state))).rejects.toBeInstanceOf(
      MalformedMessageError,
    )
  })

  it('ignores message types it does not plan for', async () => {
    await expect(planner.handle(newEnvelope('comment.posted', 1, { nope: true }))).resolves.toBeUndefined()
  })
})
