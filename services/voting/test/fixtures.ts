/** Event states published the way the events service does, tokens, and a small WebSocket client. */
import { createHmac } from 'node:crypto'
import { ObjectId } from 'mongodb'
import WebSocket from 'ws'
import type { EventState } from '@prost/contracts'
import { newEnvelope, type AccessClaims } from '@prost/platform'
import type { WsServerMessage } from '@prost/contracts'
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

export const withParticipants = (state: EventState, people: Person[], kind: 'user' | 'participant' = 'user'): EventState => ({
  ...state,
  participants: [
    ...state.participants,
    ...people.map((p) => ({ ...p, kind, joinedAt: new Date().toISOString() })),
  ],
})

/** Publishes a state as the events service would and waits until this app's read model has it. */
export async function publishState(app: TestApp, state: EventState, type = 'event.updated') {
  await app.amqp.publish(newEnvelope(type, 1, state))
  await waitForVersion(app, state.eventId, state.version)
}

export async function waitForVersion(app: TestApp, eventId: string, version: number, timeoutMs = 10_000) {
  const events = app.mongo.db.collection<{ _id: string; version: number }>('events')
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const doc = await events.findOne({ _id: eventId })
    if (doc && doc.version >= version) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`read model never reached version ${version} of ${eventId}`)
}

export const userToken = (app: TestApp, p: Person) =>
  app.signAccessToken({ sub: p.id, kind: 'user', role: 'user', name: p.name })
export const guestToken = (app: TestApp, p: Person, eventId: string) =>
  app.signAccessToken({ sub: p.id, kind: 'participant', eventId, name: p.name })

/** An HS256 JWT signed by hand: with another secret (forged) or already expired. */
export function handSignedToken(claims: AccessClaims, secret: string, expiresAt = Math.floor(Date.now() / 1000) + 600) {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url')
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, iat: expiresAt - 900, exp: expiresAt })}`
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

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
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages.map((m) => m.type))}`)), timeoutMs)
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
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error('socket did not close')), timeoutMs)),
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
