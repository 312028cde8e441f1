/**
 * The WebSocket side of the live board benchmark, in its own process (forked by voting-real-path.ts
 * with an IPC channel): `clients` sockets to the ingress's /ws, each subscribed to one event, each
 * noting when a voter's "yes" on the first time option first reaches it. Times are wall-clock
 * milliseconds (performance.timeOrigin + now), comparable with the parent's.
 *   fork(board-watchers.ts, [wsUrl, eventId, clients])
 *   parent → child: { type: 'expect', names } · { type: 'collect' }
 *   child → parent: { type: 'subscribed', ms } · { type: 'complete' } · { type: 'receipts', receipts, closed }
 * Every socket on one replica gets the same bytes, so each distinct board is parsed once per process
 * (keyed by its yes list's bytes) and each socket only walks the names that are new to it: the figure
 * is the services' latency, not this process's JSON parsing.
 */
import { performance } from 'node:perf_hooks'
import WebSocket from 'ws'

const [wsUrl = '', eventId = '', clientsArg = '1000'] = process.argv.slice(2)
const clients = Number(clientsArg)
const now = () => performance.timeOrigin + performance.now()
const send = (message: object) => process.send?.(message)

/** Where time option 0's yes voters sit in a board frame (verified against a full parse on every new board). */
const YES_LIST = Buffer.from('"voters":{"yes":[')

interface Board {
  id: number
  names: string[]
}
type KnownBoard = Board & { bytes: Buffer }
const boards = new Map<string, KnownBoard[]>() // yes-list length → boards with that many bytes there
const additions = new Map<string, string[]>() // "from→to" board ids → names in `to` but not in `from`
const empty: Board = { id: 0, names: [] }
let nextBoardId = 1
let fullParseOnly = false

function yesNames(board: unknown): string[] {
  const voters = (board as { timeOptions?: { voters?: { yes?: { name: string }[] } }[] }).timeOptions?.[0]
    ?.voters?.yes
  return (voters ?? []).map((v) => v.name)
}

function boardOf(frame: Buffer): Board | undefined {
  if (fullParseOnly) return parseFull(frame)
  const at = frame.indexOf(YES_LIST)
  if (at < 0) return undefined // pong, error, notice: no board
  const start = at + YES_LIST.length
  const end = frame.indexOf(']', start)
  const list = frame.subarray(start, end)
  const key = String(list.length)
  const known = boards.get(key)?.find((b) => b.bytes.equals(list))
  if (known) return known
  const full = parseFull(frame)
  const names = (JSON.parse(`[${list.toString()}]`) as { name: string }[]).map((v) => v.name)
  if (!full || full.names.join('\n') !== names.join('\n')) {
    console.error(
      'board-watchers: the yes list is not where expected; parsing every frame in full from now on',
    )
    fullParseOnly = true
    return full
  }
  const board = Object.assign(full, { bytes: Buffer.from(list) })
  boards.set(key, [...(boards.get(key) ?? []), board])
  return board
}

function parseFull(frame: Buffer): Board | undefined {
  const message = JSON.parse(frame.toString()) as { board?: unknown }
  return message.board ? { id: nextBoardId++, names: yesNames(message.board) } : undefined
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

async function main() {
  const opened = performance.now()
  for (let i = 0; i < clients; i++) {
    const ws = new WebSocket(wsUrl)
    const seen = new Set<string>()
    let last = empty
    seenCounts.push(0)
    ws.on('message', (data: Buffer) => {
      const at = now()
      const board = boardOf(data)
      if (!board) return
      for (const name of fullParseOnly ? board.names : added(last, board)) {
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
            ws.send(JSON.stringify({ type: 'subscribe', eventId }))
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
