/**
 * Listens on the domain exchange like a consumer would, to assert what the service published. Every
 * message about an event under test must pass the contract's checker, as real consumers require.
 */
import amqplib from 'amqplib'
import { expect, vi } from 'vitest'
import { DOMAIN_EXCHANGE, type EventMessage } from '@prost/contracts'
import { describeRefusal, eventMessageChecker } from '@prost/contracts/checkers'
import { declareTopology } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/platform/testing'

/** The event a message is about; the observer hears every test's messages, so it filters by this. */
const eventIdOf = (message: unknown) => (message as { payload?: { eventId?: unknown } }).payload?.eventId

export async function domainMessages() {
  const connection = await amqplib.connect(testBackends().amqpUrl)
  const channel = await connection.createConfirmChannel()
  // The exchange as the services declare it, whichever side comes first.
  await declareTopology(channel, {})
  const { queue } = await channel.assertQueue(uniqueName('events-test'), {
    exclusive: true,
    autoDelete: true,
  })
  for (const pattern of ['event.#', 'participant.#']) await channel.bindQueue(queue, DOMAIN_EXCHANGE, pattern)
  const received: unknown[] = []
  await channel.consume(
    queue,
    (msg) => {
      if (msg) received.push(JSON.parse(msg.content.toString()))
    },
    { noAck: true },
  )
  return {
    /** Messages about one event, once at least `count` arrived, each checked against the contract. */
    async forEvent(eventId: string, count: number, timeoutMs = 10_000) {
      const mine = () => received.filter((m) => eventIdOf(m) === eventId)
      await vi.waitFor(() => expect(mine().length).toBeGreaterThanOrEqual(count), {
        timeout: timeoutMs,
        interval: 50,
      })
      return mine().map((message) => {
        expect(eventMessageChecker.Check(message), describeRefusal(eventMessageChecker, message)).toBe(true)
        return message as EventMessage
      })
    },
    close: () => connection.close(),
  }
}
