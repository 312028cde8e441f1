/**
 * board.changed (what the bot's group cards follow): a ballot, or an event message applied here,
 * announces the event on the domain exchange, coalesced per event, and the last announcement comes
 * after the last change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import amqp from 'amqplib'
import { DOMAIN_EXCHANGE } from '@prost/contracts'
import { boardChangedChecker } from '@prost/contracts/checkers'
import { bearer, testBackends, uniqueName } from '@prost/platform/testing'
import { build, type TestApp } from './helper.js'
import { publishState, userToken, usualPoll } from './fixtures.js'

let app: TestApp
let connection: amqp.ChannelModel
const received: { eventId: string; at: number }[] = []
const { ann, bob, state } = usualPoll()

beforeAll(async () => {
  app = await build({ BOARD_CHANGED_WINDOW_MS: '300' })
  connection = await amqp.connect(testBackends().amqpUrl)
  const channel = await connection.createChannel()
  const queue = uniqueName('board-changed-test')
  await channel.assertQueue(queue, { exclusive: true, autoDelete: true })
  await channel.bindQueue(queue, DOMAIN_EXCHANGE, 'board.changed')
  await channel.consume(queue, (message) => {
    if (!message) return
    const envelope: unknown = JSON.parse(message.content.toString())
    expect(boardChangedChecker.Check(envelope), JSON.stringify(envelope)).toBe(true)
    received.push({ eventId: (envelope as { payload: { eventId: string } }).payload.eventId, at: Date.now() })
    channel.ack(message)
  })
  await publishState(app, state, 'event.created')
})

afterAll(async () => {
  await connection?.close()
})

const mine = () => received.filter((m) => m.eventId === state.eventId)

describe('board.changed', () => {
  it('announces an applied event message', async () => {
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1)
  })

  it('coalesces a burst of ballots into a few announcements, the last one after the last ballot', async () => {
    await new Promise((resolve) => setTimeout(resolve, 400)) // let the window of the event message close
    const before = mine().length
    let lastBallotAt = 0
    for (let i = 0; i < 20; i++) {
      const voter = i % 2 ? ann : bob
      const res = await app.inject({
        method: 'PUT',
        url: `/api/votes/${state.eventId}`,
        headers: bearer(userToken(voter)),
        payload: { choices: { [state.timeOptions[i % 3]!.id]: i % 3 ? 'yes' : 'maybe' } },
      })
      expect(res.statusCode, res.body).toBe(200)
      lastBallotAt = Date.now()
    }
    await expect
      .poll(() => mine().filter((m) => m.at >= lastBallotAt).length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(1)
    const burst = mine().length - before
    expect(burst).toBeGreaterThanOrEqual(1)
    expect(burst).toBeLessThan(20)
  })
})
