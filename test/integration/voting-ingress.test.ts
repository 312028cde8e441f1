/**
 * The live vote board through the real HAProxy ingress: the WebSocket upgrade works on the public
 * /ws path, and with two voting replicas behind it a ballot sent through the ingress reaches every
 * socket, whichever replica each landed on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fp from 'fastify-plugin'
import { ObjectId } from 'mongodb'
import WebSocket from 'ws'
import type { EventState } from '@prost/contracts'
import { createServer, loadConfig, newEnvelope, type ProstServer } from '@prost/platform'
import { testBackends, uniqueName } from '@prost/test-support'
import { votingService } from '@prost/voting'
import { freePort } from '../../scripts/stack/net.js'
import { startHaproxy } from '../../scripts/stack/haproxy.js'

const replicas: ProstServer[] = []
let ingress: Awaited<ReturnType<typeof startHaproxy>>
const oid = () => new ObjectId().toHexString()

beforeAll(async () => {
  const backends = testBackends()
  const env = {
    MONGODB_URL: backends.mongoUrl,
    MONGODB_DB: uniqueName('voting_ingress'),
    REDIS_URL: backends.redisUrl,
    AMQP_URL: backends.amqpUrl,
    EVENT_QUEUE: uniqueName('voting-ingress'),
    EVENT_QUEUE_EXPIRES_MS: '60000',
  }
  for (let i = 0; i < 2; i++) {
    const config = loadConfig(votingService.configSchema, env)
    const app = await createServer({ name: 'voting', config, metrics: false, logger: false })
    // Unwrapped so the test can publish through the replica's AMQP client and sign tokens.
    await app.register(fp(votingService.plugin), { config })
    await app.listen({ host: '127.0.0.1', port: 0 })
    replicas.push(app)
  }
  const upstreams = { voting: replicas.map((app) => `127.0.0.1:${(app.server.address() as { port: number }).port}`) }
  ingress = await startHaproxy({ data: backends.dataDir, logs: backends.logDir }, await freePort(), upstreams, uniqueName('haproxy'))
})

afterAll(async () => {
  await ingress?.proc.stop()
  for (const app of replicas) await app.close()
})

function open(url: string) {
  const ws = new WebSocket(url)
  const messages: { type: string; board?: { timeOptions: { voters: { yes: { name: string }[] } }[] } }[] = []
  ws.on('message', (data) => messages.push(JSON.parse(String(data))))
  const until = async (match: (m: (typeof messages)[number]) => boolean, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = messages.find(match)
      if (found) return found
      await new Promise((r) => setTimeout(r, 20))
    }
    throw new Error(`no matching message; got ${messages.map((m) => m.type).join(', ')}`)
  }
  return { ws, messages, until, opened: new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)) }
}

describe('voting through the HAProxy ingress', () => {
  it('upgrades /ws and delivers a ballot to sockets on both replicas', async () => {
    const app = replicas[0]!
    const organizer = { id: oid(), name: 'Ann' }
    const voter = { id: oid(), name: 'Bob' }
    const now = new Date().toISOString()
    const state: EventState = {
      eventId: oid(),
      version: 1,
      title: 'Ingress beer',
      timeZone: 'UTC',
      visibility: 'private',
      status: 'polling',
      organizer,
      votingDeadline: null,
      timeOptions: [{ id: oid(), startsAt: '2031-01-01T18:00:00.000Z', endsAt: '2031-01-01T20:00:00.000Z' }],
      placeOptions: [{ id: oid(), name: 'Pub' }],
      participants: [organizer, voter].map((p) => ({ ...p, kind: 'user' as const, joinedAt: now })),
      invitedUserIds: [],
      final: null,
    }
    await app.amqp.publish(newEnvelope('event.created', 1, state))
    const token = await app.signAccessToken({ sub: voter.id, kind: 'user', role: 'user', name: voter.name })

    const wsBase = ingress.url.replace('http://', 'ws://')
    // Round-robin puts consecutive connections on different replicas.
    const sockets = [open(`${wsBase}/ws?token=${token}`), open(`${wsBase}/ws?token=${token}`)]
    for (const socket of sockets) {
      await socket.opened
      socket.ws.send(JSON.stringify({ type: 'subscribe', eventId: state.eventId }))
      await socket.until((m) => m.type === 'snapshot')
    }
    const res = await fetch(`${ingress.url}/api/votes/${state.eventId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ choices: { [state.timeOptions[0]!.id]: 'yes' } }),
    })
    expect(res.status).toBe(200)
    for (const socket of sockets) {
      const update = await socket.until((m) => m.type === 'ballot.changed')
      expect(update.board!.timeOptions[0]!.voters.yes.map((v) => v.name)).toEqual(['Bob'])
      socket.ws.close()
    }
  })
})
