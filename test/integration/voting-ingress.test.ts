/**
 * The live vote board through the real HAProxy ingress: the WebSocket upgrade works on the public
 * /ws path, and with two voting replicas behind it a ballot sent through the ingress reaches every
 * socket, whichever replica each landed on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ObjectId } from 'mongodb'
import WebSocket from 'ws'
import { newEnvelope } from '@prost/platform'
import { pollingEvent, startIngressStack, type IngressStack } from '@prost/test-support'

let stack: IngressStack

beforeAll(async () => {
  stack = await startIngressStack({ only: ['voting'], replicas: { voting: 2 } })
})

afterAll(async () => {
  await stack?.stop()
})

interface BoardMessage {
  type: string
  board?: { timeOptions: { voters: { yes: { name: string }[] } }[] }
}

function open(url: string) {
  const ws = new WebSocket(url)
  const messages: BoardMessage[] = []
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as BoardMessage))
  const until = (match: (m: BoardMessage) => boolean) =>
    vi.waitFor(
      () => {
        const found = messages.find(match)
        if (!found) throw new Error(`no matching message; got ${messages.map((m) => m.type).join(', ')}`)
        return found
      },
      { timeout: 5000, interval: 20 },
    )
  return {
    ws,
    messages,
    until,
    opened: new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject)),
  }
}

describe('voting through the HAProxy ingress', () => {
  it('upgrades /ws and delivers a ballot to sockets on both replicas', async () => {
    const app = stack.apps.voting![0]!
    const organizer = { id: new ObjectId().toHexString(), name: 'Ann' }
    const voter = { id: new ObjectId().toHexString(), name: 'Bob' }
    const state = pollingEvent(organizer, [voter])
    // Through a replica's own AMQP client, as the events service would announce the event.
    await app.amqp.publish(newEnvelope('event.created', 1, state))
    const token = await app.signAccessToken({ sub: voter.id, kind: 'user', role: 'user', name: voter.name })

    const wsBase = stack.url.replace('http://', 'ws://')
    // Round-robin puts consecutive connections on different replicas.
    const sockets = [open(`${wsBase}/ws?token=${token}`), open(`${wsBase}/ws?token=${token}`)]
    for (const socket of sockets) {
      await socket.opened
      socket.ws.send(JSON.stringify({ type: 'subscribe', eventId: state.eventId }))
      await socket.until((m) => m.type === 'snapshot')
    }
    const res = await fetch(`${stack.url}/api/votes/${state.eventId}`, {
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
