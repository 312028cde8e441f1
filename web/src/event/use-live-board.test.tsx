import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { act } from '@testing-library/react'
import type { Board } from '@prost/contracts'
import { renderWithApp } from '../test/render'
import { boardQuery, eventQuery } from '../api/queries'
import { useLiveBoard } from './use-live-board'

/** A WebSocket that the test opens and feeds by hand, keeping what the page sent. */
class FakeSocket {
  static OPEN = 1
  static all: FakeSocket[] = []
  readyState = 0
  sent: unknown[] = []
  onopen?: () => void
  onmessage?: (m: { data: string }) => void
  onclose?: () => void
  constructor(public url: string) {
    FakeSocket.all.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close() {
    this.readyState = 3
    this.onclose?.()
  }
  receive(message: unknown) {
    act(() => this.onmessage?.({ data: JSON.stringify(message) }))
  }
}

const eventId = 'e'.repeat(24)
const board = (version: number, yes: string[] = []) =>
  ({
    eventId,
    eventVersion: version,
    status: 'polling',
    timeOptions: [{ id: 't', voters: { yes: yes.map((name) => ({ id: name, name })), maybe: [], no: [] } }],
  }) as unknown as Board

function Live() {
  useLiveBoard(eventId, true)
  return null
}

beforeEach(() => {
  FakeSocket.all = []
  vi.stubGlobal('WebSocket', FakeSocket)
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('useLiveBoard', () => {
  it('keeps the board query fresh from patches, refetching the event on event changes as before', async () => {
    const { client } = renderWithApp(<Live />)
    const invalidated = vi.spyOn(client, 'invalidateQueries')
    const socket = FakeSocket.all[0]!
    socket.readyState = 1
    socket.onopen?.()
    await vi.waitFor(() => expect(socket.sent).toEqual([{ type: 'subscribe', eventId, patches: true }]))
    socket.receive({ type: 'snapshot', eventId, board: board(1), revision: 3 })
    expect(client.getQueryData(boardQuery(eventId).queryKey)).toEqual(board(1))

    socket.receive({
      type: 'board.patch',
      eventId,
      change: 'ballot.changed',
      base: 3,
      revision: 4,
      patch: [{ op: 'add', path: '/timeOptions/0/voters/yes/-', value: { id: 'Vera', name: 'Vera' } }],
    })
    expect(client.getQueryData(boardQuery(eventId).queryKey)).toEqual(board(1, ['Vera']))
    expect(invalidated).not.toHaveBeenCalledWith({ queryKey: eventQuery(eventId).queryKey })

    socket.receive({
      type: 'board.patch',
      eventId,
      change: 'event.finalized',
      base: 4,
      revision: 5,
      patch: [
        { op: 'replace', path: '/eventVersion', value: 2 },
        { op: 'replace', path: '/status', value: 'finalized' },
      ],
    })
    expect(client.getQueryData(boardQuery(eventId).queryKey)).toEqual({
      ...board(2, ['Vera']),
      status: 'finalized',
    })
    expect(invalidated).toHaveBeenCalledWith({ queryKey: eventQuery(eventId).queryKey })
  })

  it('asks for a fresh snapshot instead of applying a patch to a board it does not hold', async () => {
    const { client } = renderWithApp(<Live />)
    const socket = FakeSocket.all[0]!
    socket.readyState = 1
    socket.onopen?.()
    await vi.waitFor(() => expect(socket.sent).toHaveLength(1))
    socket.receive({ type: 'snapshot', eventId, board: board(1), revision: 3 })
    socket.receive({
      type: 'board.patch',
      eventId,
      change: 'ballot.changed',
      base: 7,
      revision: 8,
      patch: [{ op: 'replace', path: '/eventVersion', value: 9 }],
    })
    await vi.waitFor(() => expect(socket.sent).toHaveLength(2))
    expect(socket.sent[1]).toEqual({ type: 'subscribe', eventId, patches: true })
    expect(client.getQueryData(boardQuery(eventId).queryKey)).toEqual(board(1))
    socket.receive({ type: 'snapshot', eventId, board: board(9), revision: 12 })
    expect(client.getQueryData(boardQuery(eventId).queryKey)).toEqual(board(9))
  })
})
