/**
 * Remove, leave, capacity and waitlist end to end through the HAProxy ingress with events and voting
 * (real FerretDB, RabbitMQ): seats at finalize follow who said yes first (voting's order), a leave
 * takes the ballot off the board (REST and WebSocket) and moves the first on the waitlist up, and a
 * removed participant cannot rejoin with the link until the organizer rotates it.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import WebSocket from 'ws'
import { call, inDays, startIngressStack, userToken, type IngressStack } from '@prost/test-support'
import { decodeJwtSub } from './jwt-sub.js'

let stack: IngressStack

beforeAll(async () => {
  stack = await startIngressStack({ only: ['events', 'voting'] })
}, 120_000)

afterAll(async () => {
  await stack?.stop()
})

interface EventBody {
  id: string
  inviteToken: string
  timeOptions: { id: string }[]
  placeOptions: { id: string }[]
  seating: { capacity: number; inCount: number; waitlistCount: number } | null
  participants: { id: string; name: string; seat?: string; waitlistPosition?: number }[]
}
interface BoardBody {
  timeOptions: { voters: { yes: { name: string }[] } }[]
}

describe('remove, leave and the waitlist through the ingress', () => {
  it(
    'seats by the order of the yeses, moves the waitlist up on a leave, and keeps a removed person out',
    { timeout: 90_000 },
    async () => {
      const [organizer, ann, bob, cid] = ['Olga', 'Ann', 'Bob', 'Cid'].map((name) => userToken(name))
      const created = await call<EventBody>(stack.url, 'POST', '/api/events', {
        token: organizer,
        body: {
          title: 'Pub quiz, three seats',
          timeZone: 'Europe/Berlin',
          capacity: 3,
          timeOptions: [{ startsAt: inDays(4) }],
          placeOptions: [{ name: 'The Quiz Pub', capacity: 10 }],
        },
      })
      expect(created.status, created.text).toBe(201)
      const event = created.json
      const [time, place] = [event.timeOptions[0]!.id, event.placeOptions[0]!.id]
      for (const token of [ann, bob, cid]) {
        const joined = await call(stack.url, 'POST', '/api/events/join', {
          token,
          body: { inviteToken: event.inviteToken },
        })
        expect(joined.status, joined.text).toBe(200)
      }
      // Cid says yes first, then Bob, then Ann: with three seats the organizer, Cid and Bob are in.
      for (const token of [cid, bob, ann]) {
        await vi.waitFor(
          async () => {
            const voted = await call(stack.url, 'PUT', `/api/votes/${event.id}`, {
              token,
              body: { choices: { [time]: 'yes', [place]: 'yes' } },
            })
            expect(voted.status, voted.text).toBe(200)
          },
          { timeout: 10_000, interval: 100 },
        )
      }
      const finalized = await call<EventBody>(stack.url, 'POST', `/api/events/${event.id}/finalize`, {
        token: organizer,
        body: { timeOptionId: time, placeOptionId: place },
      })
      expect(finalized.status, finalized.text).toBe(200)
      const seatOf = (e: EventBody, name: string) => e.participants.find((p) => p.name === name)
      expect(finalized.json.seating).toEqual({ capacity: 3, inCount: 3, waitlistCount: 1 })
      expect(seatOf(finalized.json, 'Cid')?.seat).toBe('in')
      expect(seatOf(finalized.json, 'Bob')?.seat).toBe('in')
      expect(seatOf(finalized.json, 'Ann')).toMatchObject({ seat: 'waitlist', waitlistPosition: 1 })

      // Ann watches the board live while Cid leaves.
      const ws = new WebSocket(`${stack.url.replace('http://', 'ws://')}/ws`)
      const boards: BoardBody[] = []
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { board?: BoardBody }
        if (message.board) boards.push(message.board)
      })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      try {
        ws.send(JSON.stringify({ type: 'subscribe', eventId: event.id, token: ann }))
        const yesNames = (b: BoardBody) => b.timeOptions[0]!.voters.yes.map((v) => v.name).sort()
        await vi.waitFor(() => expect(boards.map(yesNames)).toContainEqual(['Ann', 'Bob', 'Cid']), {
          timeout: 10_000,
        })
        const left = await call(stack.url, 'POST', `/api/events/${event.id}/leave`, { token: cid })
        expect(left.status, left.text).toBe(200)
        await vi.waitFor(() => expect(yesNames(boards.at(-1)!)).toEqual(['Ann', 'Bob']), { timeout: 10_000 })
      } finally {
        ws.close()
      }
      const board = await call<BoardBody>(stack.url, 'GET', `/api/votes/${event.id}`, { token: ann })
      expect(board.json.timeOptions[0]!.voters.yes.map((v) => v.name).sort()).toEqual(['Ann', 'Bob'])
      const after = await call<EventBody>(stack.url, 'GET', `/api/events/${event.id}`, { token: ann })
      expect(seatOf(after.json, 'Ann')?.seat).toBe('in')
      expect(after.json.seating).toEqual({ capacity: 3, inCount: 3, waitlistCount: 0 })

      // The organizer removes Bob: he cannot come back by the same link, only by a rotated one.
      const bobId = decodeJwtSub(bob)
      const removed = await call(stack.url, 'DELETE', `/api/events/${event.id}/participants/${bobId}`, {
        token: organizer,
      })
      expect(removed.status, removed.text).toBe(200)
      const again = await call(stack.url, 'POST', '/api/events/join', {
        token: bob,
        body: { inviteToken: event.inviteToken },
      })
      expect(again.status).toBe(403)
      expect(again.headers.get('content-type')).toContain('application/problem+json')
      const rotated = await call<{ inviteToken: string }>(
        stack.url,
        'POST',
        `/api/events/${event.id}/invite-link`,
        {
          token: organizer,
        },
      )
      const back = await call<{ participant: { seat?: string } }>(stack.url, 'POST', '/api/events/join', {
        token: bob,
        body: { inviteToken: rotated.json.inviteToken },
      })
      expect(back.status, back.text).toBe(200)
      expect(back.json.participant.seat).toBe('in')
    },
  )
})
