/**
 * Stands in for voting's internal "yes order" read (GET /api/votes/internal/:id/yes-order) on a
 * loopback port, so events' seat decisions can be tested without the voting service: each event
 * answers the order the test gave it, and every call is recorded with the token it carried.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { INTERNAL_TOKEN_HEADER } from '@prost/contracts'

export async function fakeVoting(token: string) {
  const orders = new Map<string, string[]>()
  const calls: { eventId: string; query: string }[] = []
  let failing = false
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const match = /^\/api\/votes\/internal\/([0-9a-f]{24})\/yes-order$/.exec(url.pathname)
    if (!match || req.headers[INTERNAL_TOKEN_HEADER] !== token) return void res.writeHead(404).end()
    const eventId = match[1]!
    calls.push({ eventId, query: url.search })
    if (failing) return void res.writeHead(500).end()
    const yesAt = new Date().toISOString()
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        eventId,
        participants: (orders.get(eventId) ?? []).map((participantId) => ({ participantId, yesAt })),
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    orders,
    calls,
    fail(on: boolean) {
      failing = on
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
