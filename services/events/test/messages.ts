/** Listens on the domain exchange like a consumer would, to assert what the service published. */
import amqplib from 'amqplib'
import { DOMAIN_EXCHANGE, type AnyEnvelope } from '@prost/contracts'
import { testBackends, uniqueName } from '@prost/test-support'

export async function domainMessages() {
  const connection = await amqplib.connect(testBackends().amqpUrl)
  const channel = await connection.createChannel()
  await channel.assertExchange(DOMAIN_EXCHANGE, 'topic', { durable: true })
  const { queue } = await channel.assertQueue(uniqueName('events-test'), { exclusive: true, autoDelete: true })
  for (const pattern of ['event.#', 'participant.#']) await channel.bindQueue(queue, DOMAIN_EXCHANGE, pattern)
  const received: AnyEnvelope[] = []
  await channel.consume(queue, (msg) => {
    if (msg) received.push(JSON.parse(msg.content.toString()) as AnyEnvelope)
  }, { noAck: true })
  return {
    received,
    /** Messages about one event, waiting until `count` arrived. */
    async forEvent(eventId: string, count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs
      const mine = () => received.filter((m) => (m.payload as { eventId?: string }).eventId === eventId)
      while (mine().length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      return mine()
    },
    close: () => connection.close(),
  }
}
