/**
 * The WebSocket side of the live board benchmark, in its own process (forked by voting-real-path.ts
 * with an IPC channel): `clients` sockets to the ingress's /ws, each subscribed to one event with
 * patch frames (as the SPA does), each noting when a voter's "yes" on the first time option first
 * reaches it. Times are wall-clock milliseconds (performance.timeOrigin + now), comparable with the
 * parent's, taken when the frame arrives.
 *   fork(board-watchers.ts, [wsUrl, eventId, clients])
 *   parent → child: { type: 'expect', names } · { type: 'collect' }
 *   child → parent: { type: 'subscribed', ms } · { type: 'complete' } · { type: 'receipts', receipts, closed }
 * Each socket holds a board and its revision: a whole board (snapshot, or a change sent whole)
 * replaces it, a `board.patch` whose base is that revision is applied to it (rfc6902), and one that
 * is not makes it subscribe again, as the SPA does. Sockets on one replica get the same bytes and go
 * through the same boards, so each distinct frame is parsed once per process and each patch applied
 * once per board it applies to (boards are shared, never changed in place); each socket then only
 * walks the names that are new to it: the figure is the services' latency, not this process's work.
 */
import { performance } from 'node:perf_hooks'
import { applyPatch } from 'rfc6902'
import WebSocket from 'ws'

const [wsUrl = '', eventId = '', clientsArg = '1000'] = process.argv.slice(2)
const clients = Number(clientsArg)
const now = () => performance.timeOrigin + performance.now()
const send = (message: object) => process.send?.(message)

interface Board {
  id: number
  /** The board as the socket holds it (shared by every socket holding it: never changed in place). */
  board: unknown
  revision: number
  /** Time option 0's yes voters. */
  names: string[]
}
type Patch = Parameters<typeof applyPatch>[1]
type Frame =
  | { kind: 'board'; board: Board }
  | { kind: 'patch'; base: number; revision: number; patch: Patch; results: Map<Board, Board | null> }
  | { kind: 'other' }

const frames = new Map<string, Frame>() // frame text → what it is, parsed once
const additions = new Map<string, string[]>() // "from→to" board ids → names in `to` but not in `from`
const empty: Board = { id: 0, board: null, revision: -1, names: [] }
let nextBoardId = 1
let resubscribes = 0

function yesNames(board: unknown): string[] {
  const voters = (board as { timeOptions?: { voters?: { yes?: { name: string }[] } }[] }).timeOptions?.[0]
    ?.voters?.yes
  return (voters ?? []).map((v) => v.name)
}

function frameOf(data: Buffer): Frame {
  const text = data.toString()
  let frame = frames.get(text)
  if (frame) return frame
  const message = JSON.parse(text) as {
    type: string
    board?: unknown
    revision?: number
    base?: number
    patch?: Patch
  }
  if (message.type === 'board.patch') {
    frame = {
      kind: 'patch',
      base: message.base!,
      revision: message.revision!,
      patch: message.patch!,
      results: new Map(),
    }
  } else if (message.board !== undefined) {
    const board = message.board
    frame = {
      kind: 'board',
      board: { id: nextBoardId++, board, revision: message.revision!, names: yesNames(board) },
    }
  } else {
    frame = { kind: 'other' }
  }
  // Boards and patches repeat across sockets; pongs and errors need not be kept.
  if (frame.kind !== 'other') frames.set(text, frame)
  return frame
}

/** The board `patch` makes of `from`, or null when it does not apply. */
function patched(from: Board, frame: Extract<Frame, { kind: 'patch' }>): Board | null {
  let to = frame.results.get(from)
  if (to !== undefined) return to
  const board = structuredClone(from.board)
  const ok = applyPatch(board, frame.patch).every((error) => error === null)
  to = ok ? { id: nextBoardId++, board, revision: frame.revision, names: yesNames(board) } : null
  frame.results.set(from, to)
  return to
}

function added(from: Board, to: Board) {
  const key = `${from.id}→${to.id}`
  let names = additions.get(key)
  if (!names) {
    const before = new Set(from.names)
    additions.set(key, (names = to.names.filter((n) => !before.has(n))))
  }
  return names
}

const receipts = new Map<string, number[]>()
let expected: string[] = []
let completeSent = false
const sockets: WebSocket[] = []
const seenCounts: number[] = []

function checkComplete() {
  if (completeSent || expected.length === 0) return
  if (seenCounts.every((n) => n >= expected.length)) {
    completeSent = true
    send({ type: 'complete' })
  }
}

const subscribe = JSON.stringify({ type: 'subscribe', eventId, patches: true })

async function main() {
  const opened = performance.now()
  for (let i = 0; i < clients; i++) {
    const ws = new WebSocket(wsUrl)
    const seen = new Set<string>()
    let last = empty
    seenCounts.push(0)
    ws.on('message', (data: Buffer) => {
      const at = now()
      const frame = frameOf(data)
      let board: Board | null = null
      if (frame.kind === 'board') board = frame.board
      else if (frame.kind === 'patch') {
        if (last === empty) return // resubscribed: patches of the board given up until the snapshot
        board = frame.base === last.revision ? patched(last, frame) : null
        if (!board) {
          resubscribes++
          last = empty
          ws.send(subscribe)
          return
        }
      }
      if (!board) return
      for (const name of added(last, board)) {
        if (seen.has(name)) continue
        seen.add(name)
        let list = receipts.get(name)
        if (!list) receipts.set(name, (list = []))
        list.push(at)
      }
      last = board
      seenCounts[i] = seen.size
      checkComplete()
    })
    sockets.push(ws)
  }
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve, reject) => {
          ws.once('open', () => {
            ws.once('message', () => resolve())
            ws.send(subscribe)
          })
          ws.once('error', reject)
        }),
    ),
  )
  send({ type: 'subscribed', ms: performance.now() - opened })
}

process.on('message', (message: { type: string; names?: string[] }) => {
  if (message.type === 'expect') {
    expected = message.names ?? []
    checkComplete()
  } else if (message.type === 'collect') {
    const stillOpen = sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length
    if (resubscribes > 0)
      console.error(`board-watchers: ${resubscribes} patches did not fit; subscribed again`)
    // The receipts can be megabytes: close the channel only once they are out.
    process.send?.(
      { type: 'receipts', receipts: Object.fromEntries(receipts), closed: clients - stillOpen },
      undefined,
      {},
      () => {
        for (const ws of sockets) ws.close()
        process.disconnect?.()
      },
    )
  }
})

main().catch((error: Error) => {
  console.error(`board-watchers: ${error.message}`)
  process.exit(1)
})
