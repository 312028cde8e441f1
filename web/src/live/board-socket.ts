/**
 * The live vote board: one WebSocket to /ws, subscribed to one event. Without `patches`, every
 * message carries the whole board, so we just keep the newest. With `patches`, changes come as JSON
 * Patches (RFC 6902) against the board of the revision we hold; one that does not fit (another base,
 * or it fails to apply) makes us subscribe again, which brings a fresh snapshot. After a drop we
 * reconnect with backoff and resubscribe, which brings a fresh snapshot (nothing to replay). While the browser says it is offline we do not
 * pretend otherwise: the state is 'offline', no retries spin, and coming back online reconnects at once.
 */
import { applyPatch } from 'rfc6902'
import type {
  Board,
  BoardChangeType,
  JsonPatchOperation,
  LiveNoticeType,
  WsClientMessage,
  WsServerMessage,
} from '@prost/contracts'

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'closed'

/** Whether the device has a network, and news when that changes (navigator.onLine and its events). */
export interface NetworkSignal {
  isOnline: () => boolean
  subscribe: (onChange: (online: boolean) => void) => () => void
}

export const browserNetwork: NetworkSignal = {
  isOnline: () => globalThis.navigator?.onLine ?? true,
  subscribe: (onChange) => {
    if (typeof window === 'undefined') return () => undefined
    const online = () => onChange(true)
    const offline = () => onChange(false)
    window.addEventListener('online', online)
    window.addEventListener('offline', offline)
    return () => {
      window.removeEventListener('online', online)
      window.removeEventListener('offline', offline)
    }
  },
}

export interface BoardSocketOptions {
  eventId: string
  getToken: () => Promise<string | null>
  /** The newest board, and why: the snapshot of a (re)subscription, or the change that made it. */
  onBoard: (board: Board, reason: 'snapshot' | BoardChangeType) => void
  /** Ask for changes as patches (far fewer bytes on big boards) instead of whole boards. */
  patches?: boolean
  onStatus?: (status: LiveStatus) => void
  /** Something beside the board changed (e.g. new comments): re-read it. */
  onNotice?: (type: LiveNoticeType) => void
  /** Called on an 'unauthenticated' error so the caller can refresh the token before we retry. */
  onUnauthenticated?: () => Promise<unknown>
  url?: string
  WebSocketImpl?: typeof WebSocket
  network?: NetworkSignal
}

const PING_MS = 25_000
const MAX_BACKOFF_MS = 15_000

export function backoffDelay(attempt: number, random = Math.random): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt)
  return Math.round(base / 2 + random() * (base / 2))
}

/** `board` with the patch applied, as a new object (the old one may be in a query cache); null if it does not apply. */
function patched(board: Board, patch: JsonPatchOperation[]): Board | null {
  const next = structuredClone(board)
  try {
    return applyPatch(next, patch as Parameters<typeof applyPatch>[1]).every((error) => error === null)
      ? next
      : null
  } catch {
    return null
  }
}

export function connectBoard(options: BoardSocketOptions): () => void {
  const Impl = options.WebSocketImpl ?? WebSocket
  const network = options.network ?? browserNetwork
  const url = options.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`
  let socket: WebSocket | null = null
  let attempt = 0
  let stopped = false
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let pingTimer: ReturnType<typeof setInterval> | undefined
  /** With patches: the board we hold and its revision; null while a fresh snapshot is awaited. */
  let held: { board: Board; revision: number } | null = null

  const status = (s: LiveStatus) => options.onStatus?.(s)
  const send = (message: WsClientMessage) =>
    socket?.readyState === Impl.OPEN && socket.send(JSON.stringify(message))

  const scheduleReconnect = () => {
    if (stopped) return
    clearInterval(pingTimer)
    // Offline: wait for the 'online' event instead of burning retries.
    if (!network.isOnline()) return status('offline')
    status('reconnecting')
    retryTimer = setTimeout(open, backoffDelay(attempt++))
  }

  function open() {
    if (stopped) return
    if (!network.isOnline()) return status('offline')
    status(attempt === 0 ? 'connecting' : 'reconnecting')
    const ws = new Impl(url)
    socket = ws
    held = null
    // Also a request for a fresh snapshot when sent again on an open socket.
    const subscribe = async () => {
      const token = await options.getToken()
      send({
        type: 'subscribe',
        eventId: options.eventId,
        ...(token ? { token } : {}),
        ...(options.patches ? { patches: true } : {}),
      })
    }
    ws.onopen = async () => {
      await subscribe()
      pingTimer = setInterval(() => send({ type: 'ping' }), PING_MS)
    }
    ws.onmessage = (message) => {
      let data: WsServerMessage
      try {
        data = JSON.parse(String(message.data)) as WsServerMessage
      } catch {
        return
      }
      if (data.type === 'board.patch' && data.eventId === options.eventId) {
        if (!held) return // a fresh snapshot is on its way; patches before it are of the old one
        const board = data.base === held.revision ? patched(held.board, data.patch) : null
        if (!board) {
          held = null
          void subscribe()
          return
        }
        held = { board, revision: data.revision }
        attempt = 0
        status('live')
        options.onBoard(board, data.change)
      } else if ('board' in data && data.eventId === options.eventId) {
        held = data.revision === undefined ? null : { board: data.board, revision: data.revision }
        attempt = 0
        status('live')
        options.onBoard(data.board, data.type)
      } else if (data.type === 'comments.changed' && data.eventId === options.eventId) {
        options.onNotice?.(data.type)
      } else if (data.type === 'error') {
        if (data.code === 'unauthenticated' && options.onUnauthenticated) {
          void options.onUnauthenticated().then(() => ws.close())
        } else {
          // not-found included: a brand-new event reaches the voting service a moment after it exists.
          ws.close()
        }
      }
    }
    ws.onclose = () => {
      if (socket === ws) scheduleReconnect()
    }
    ws.onerror = () => ws.close()
  }

  const unsubscribeNetwork = network.subscribe((online) => {
    if (stopped) return
    clearTimeout(retryTimer)
    if (online) {
      if (socket && socket.readyState <= Impl.OPEN) return
      // Back online: try now, not after the backoff that piled up while the network was gone.
      attempt = Math.max(attempt, 1)
      open()
    } else {
      status('offline')
      // The socket may linger half-open for a while; drop it so nothing claims to be live.
      const ws = socket
      socket = null
      clearInterval(pingTimer)
      ws?.close()
    }
  })

  open()
  return () => {
    stopped = true
    unsubscribeNetwork()
    clearTimeout(retryTimer)
    clearInterval(pingTimer)
    send({ type: 'unsubscribe', eventId: options.eventId })
    const ws = socket
    socket = null
    ws?.close()
    status('closed')
  }
}
