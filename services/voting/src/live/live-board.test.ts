import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import { LiveBoard } from './live-board.js'
import type { BoardFeed } from './board-feed.js'
import type { EventReadModel } from '../read-model/event-read-model.js'

/** A stand-in for a ws socket: records what is sent and lets a test set bufferedAmount. */
class FakeSocket extends EventEmitter {
  readyState = 1
  bufferedAmount = 0
  sent: string[] = []
  closedWith: number | null = null
  terminated = false
  pings = 0
  /** As `ws` takes it: text frames as the bytes of their UTF-8 text (binary: false). */
  send(data: Buffer, options: { binary: boolean }) {
    expect(options.binary).toBe(false)
    this.sent.push(data.toString('utf8'))
  }
  close(code: number) {
    this.closedWith = code
    this.readyState = 2
  }
  terminate() {
    this.terminated = true
    this.readyState = 3
  }
  ping() {
    this.pings++
  }
}

const log = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
} as unknown as FastifyBaseLogger
const board = { eventId: 'e00000000000000000000001' } as never

function hub(limits: Partial<ConstructorParameters<typeof LiveBoard>[0]['limits']> = {}) {
  const state = { eventId: 'e00000000000000000000001', visibility: 'public', participants: [] }
  let ticket = 0
  return new LiveBoard({
    readModel: { waitFor: async () => state } as unknown as EventReadModel,
    feed: {
      snapshot: async () => ({ board, ticket: ++ticket }),
      forget: () => undefined,
    } as unknown as BoardFeed,
    log,
    verifyToken: () => {
      throw new Error('no tokens here')
    },
    watch: async () => undefined,
    unwatch: () => undefined,
    limits: {
      maxSubscriptions: 20,
      maxMessagesPerSecond: 10,
      maxStrikes: 10,
      pingIntervalMs: 1000,
      maxBufferedBytes: 2048,
      ...limits,
    },
  })
}

afterEach(() => {
  vi.useRealTimers()
})

describe('LiveBoard', () => {
  it('closes a socket that cannot keep up (1013) instead of buffering for it, and keeps serving others', async () => {
    const live = hub()
    const slow = new FakeSocket()
    const fast = new FakeSocket()
    for (const s of [slow, fast]) {
      live.accept(s as unknown as WebSocket, null)
      s.emit(
        'message',
        Buffer.from(JSON.stringify({ type: 'subscribe', eventId: 'e00000000000000000000001' })),
        false,
      )
    }
    await vi.waitFor(() => expect(fast.sent.some((t) => t.includes('snapshot'))).toBe(true))
    await vi.waitFor(() => expect(slow.sent.some((t) => t.includes('snapshot'))).toBe(true))
    slow.bufferedAmount = 4096
    live.deliver('e00000000000000000000001', { type: 'ballot.changed', board, ticket: 100 })
    expect(slow.closedWith).toBe(1013)
    // Nothing more was written to the slow socket, not even the board that found it too slow.
    expect(slow.sent.filter((t) => t.includes('ballot.changed'))).toEqual([])
    expect(fast.sent.at(-1)).toContain('ballot.changed')
    live.deliver('e00000000000000000000001', { type: 'ballot.changed', board, ticket: 101 })
    expect(fast.sent.filter((t) => t.includes('ballot.changed'))).toHaveLength(2)
    expect(slow.sent.filter((t) => t.includes('ballot.changed'))).toEqual([])
    // an older board (lower ticket) is never sent after a newer one
    live.deliver('e00000000000000000000001', { type: 'ballot.changed', board, ticket: 50 })
    expect(fast.sent.filter((t) => t.includes('ballot.changed'))).toHaveLength(2)
    live.close()
  })

  it('sends an event nothing more after unsubscribe, while its other watchers keep getting boards', async () => {
    const live = hub()
    const leaver = new FakeSocket()
    const stayer = new FakeSocket()
    const eventId = 'e00000000000000000000001'
    for (const s of [leaver, stayer]) {
      live.accept(s as unknown as WebSocket, null)
      s.emit('message', Buffer.from(JSON.stringify({ type: 'subscribe', eventId })), false)
    }
    await vi.waitFor(() =>
      expect([leaver, stayer].every((s) => s.sent.some((t) => t.includes('snapshot')))).toBe(true),
    )
    leaver.emit('message', Buffer.from(JSON.stringify({ type: 'unsubscribe', eventId })), false)
    await vi.waitFor(() => expect(leaver.sent.at(-1)).toContain('unsubscribed'))
    const sentBefore = leaver.sent.length
    live.deliver(eventId, { type: 'ballot.changed', board, ticket: 100 })
    live.notify(eventId, 'comments.changed')
    expect(stayer.sent.slice(-2).map((t) => JSON.parse(t).type)).toEqual([
      'ballot.changed',
      'comments.changed',
    ])
    expect(leaver.sent).toHaveLength(sentBefore)
    expect(live.isWatched(eventId)).toBe(true)
    live.close()
  })

  it('pings every interval and drops a socket that missed the previous pong', () => {
    vi.useFakeTimers()
    const live = hub()
    const alive = new FakeSocket()
    const dead = new FakeSocket()
    live.accept(alive as unknown as WebSocket, null)
    live.accept(dead as unknown as WebSocket, null)
    vi.advanceTimersByTime(1000)
    expect([alive.pings, dead.pings]).toEqual([1, 1])
    alive.emit('pong')
    vi.advanceTimersByTime(1000)
    expect(alive.terminated).toBe(false)
    expect(dead.terminated).toBe(true)
    expect(live.connectionCount).toBe(1)
    live.close()
  })
})
