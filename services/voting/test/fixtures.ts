/** Event states published the way the events service does, voters' tokens, and a small WebSocket client. */
import { vi } from 'vitest'
import { ObjectId } from 'mongodb'
import WebSocket from 'ws'
import type { EventState, WsServerMessage } from '@prost/contracts'
import { newEnvelope } from '@prost/platform'
import { signTestToken } from '@prost/platform/testing'
import type { TestApp } from './helper.js'

export const oid = () => new ObjectId().toHexString()

export interface Person {
  id: string
  name: string
}

export const person = (name: string): Person => ({ id: oid(), name })

export function eventState(organizer: Person, overrides: Partial<EventState> = {}): EventState {
  const day = Date.parse('2031-06-01T18:00:00Z')
  return {
    eventId: oid(),
    version: 1,
    title: 'Beer o’clock',
    timeZone: 'Europe/Berlin',
    visibility: 'private',
    status: 'polling',
    organizer,
    votingDeadline: null,
    timeOptions: [0, 1, 2].map((i) => ({
      id: oid(),
      startsAt: new Date(day + i * 86_400_000).toISOString(),
      endsAt: new Date(day + i * 86_400_000 + 7_200_000).toISOString(),
    })),
    placeOptions: ['Kneipe', 'Biergarten'].map((name) => ({ id: oid(), name })),
    participants: [{ ...organizer, kind: 'user', joinedAt: new Date().toISOString() }],
    invitedUserIds: [],
    final: null,
    ...overrides,
  }
}

export const withParticipants = (
  state: EventState,
  people: Person[],
  kind: 'user' | 'participant' = 'user',
): EventState => ({
  ...state,
  participants: [
    ...state.participants,
    ...people.map((p) => ({ ...p, kind, joinedAt: new Date().toISOString() })),
  ],
})

/** The usual poll: Ann organizes it, Bob is a member, Gus came by the invite link; Eve is a stranger to it. */
export function usualPoll() {
  const [ann, bob, gus, eve] = [person('Ann'), person('Bob'), person('Gus'), person('Eve')]
  const state = withParticipants(withParticipants(eventState(ann), [bob]), [gus], 'participant')
  return { ann, bob, gus, eve, state }
}

/** Publishes a state as the events service would and waits until this app's read model has it. */
export async function publishState(app: TestApp, state: EventState, type = 'event.updated') {
  await app.amqp.publish(newEnvelope(type, 1, state))
  await waitForVersion(app, state.eventId, state.version)
}

/** Resolves once this app's read model holds `version` (or newer) of the event (also in hooks, unlike expect.poll). */
export async function waitForVersion(app: TestApp, eventId: string, version: number, timeout = 10_000) {
  await vi.waitFor(
    async () => {
      const stored = await app.eventReadModel.get(eventId)
      if ((stored?.version ?? 0) < version)
        throw new Error(`read model never reached version ${version} of ${eventId}`)
    },
    { timeout, interval: 20 },
  )
}

/** What the accounts service puts in a user's access token (to sign forged or expired variants of it). */
export const userClaims = (p: Person) => ({ sub: p.id, kind: 'user', role: 'user', name: p.name }) as const
export const userToken = (p: Person) => signTestToken(userClaims(p))
export const guestToken = (p: Person, eventId: string) =>
  signTestToken({ sub: p.id, kind: 'participant', eventId, name: p.name })

/** A `ws` client that records every message and can wait for one matching a predicate. */
export class TestSocket {
  readonly messages: WsServerMessage[] = []
  closeCode: number | null = null
  private waiters: { match: (m: WsServerMessage) => boolean; resolve: (m: WsServerMessage) => void }[] = []
  private readonly closed: Promise<number>

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WsServerMessage
      this.messages.push(message)
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true
        w.resolve(message)
        return false
      })
    })
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code
        resolve(code)
      }),
    )
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, { headers })
    const socket = new TestSocket(ws)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
      ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    })
    return socket
  }

  send(message: unknown) {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** Resolves with the first message (already received or future) that matches. */
  next<T extends WsServerMessage>(match: (m: WsServerMessage) => boolean, timeoutMs = 5000): Promise<T> {
    const seen = this.messages.find(match)
    if (seen) return Promise.resolve(seen as T)
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.type))}`,
            ),
          ),
        timeoutMs,
      )
      this.waiters.push({
        match,
        resolve: (m) => {
          clearTimeout(timer)
          resolve(m as T)
        },
      })
    })
  }

  waitClosed(timeoutMs = 5000) {
    return Promise.race([
      this.closed,
      new Promise<number>((_, reject) =>
        setTimeout(() => reject(new Error('socket did not close')), timeoutMs),
      ),
    ])
  }

  close() {
    this.ws.close()
  }
}

export const wsUrl = (app: TestApp, query = '') => {
  const { port } = app.server.address() as { port: number }
  return `ws://127.0.0.1:${port}/ws${query}`
}
