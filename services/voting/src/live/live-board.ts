/**
 * The live vote board over WebSocket: subscriptions per connection, a snapshot then every board
 * change, and the limits that keep one client from hurting the others:
 *  - frames over WS_MAX_FRAME_BYTES are refused by `ws` itself (close 1009);
 *  - malformed frames get an `error` message; frames over WS_MAX_MESSAGES_PER_SECOND are dropped
 *    with one `rate-limited` error per second; each counts as a strike and WS_MAX_STRIKES strikes
 *    close the socket with 1008;
 *  - at most WS_MAX_SUBSCRIPTIONS events per connection;
 *  - a socket whose unsent data exceeds WS_MAX_BUFFERED_BYTES is closed with 1013 instead of being
 *    written to: sends never wait, so a slow reader only loses its own connection;
 *  - a ping every WS_PING_INTERVAL_MS; a socket that has not answered the previous one is dropped.
 * Each socket gets the board as its reader may see it under the event's privacy settings
 * (contracts/votes/board-view.ts): a change is serialised once per view in use (full, names
 * hidden, results hidden), not once per socket, and the view is chosen per socket from its reader
 * and that board, so a reader who votes gets the fuller view with the board of their own ballot.
 * A socket that subscribed with `patches: true` gets, after its snapshot, each change as a JSON Patch
 * against the last board of its view (computed and serialised once per view, not per socket); the
 * board's ticket is its revision. A socket that does not hold the patch's base (it subscribed in
 * between, or its view changed) gets that change's whole board instead, so a patch never crosses
 * views and never shows more than the view it was computed in.
 * Tokens are checked at subscribe time (a subscription outlives the token's expiry; closing it
 * then would only make the client reconnect for the same data).
 */
import type { WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import { prostTracer, SpanKind, type AccessClaims } from '@prost/platform'
import {
  WS_CLOSE,
  boardAs,
  viewChooser,
  type Board,
  type BoardReader,
  type BoardView,
  type WsClientMessage,
  type LiveNoticeType,
  type WsErrorCode,
  type WsServerMessage,
} from '@prost/contracts'
import { describeRefusal, wsClientMessageChecker } from '@prost/contracts/checkers'
import type { EventReadModel } from '../read-model/event-read-model.js'
import type { BoardFeed, BoardChange, BuiltBoard } from './board-feed.js'
import { canSeeBoard } from '../read-model/access.js'
import { boardPatch } from './board-patch.js'

export interface LiveBoardLimits {
  maxSubscriptions: number
  maxMessagesPerSecond: number
  maxStrikes: number
  pingIntervalMs: number
  maxBufferedBytes: number
}

export interface LiveBoardOptions {
  readModel: EventReadModel
  feed: BoardFeed
  log: FastifyBaseLogger
  limits: LiveBoardLimits
  verifyToken: (token: string) => AccessClaims
  watch: (eventId: string) => Promise<void>
  unwatch: (eventId: string) => void
}

interface Subscription {
  /** The claims this subscription was granted with (the subscribe frame's token, else the upgrade's). */
  claims: AccessClaims | null
  ready: boolean
  lastTicket: number
  /** Whether changes go as patches (subscribe `patches: true`); `lastTicket` is then the revision held. */
  patches: boolean
  /** The view of the last board sent, for patches: they apply only within one view. */
  view: BoardView | null
  /** The newest change that arrived while the snapshot was being built. */
  held: { change: BoardChange; text: Buffer; view: BoardView } | null
}

/** A replica's last board in one view, as sent (plain JSON), and its revision (the board's ticket). */
interface ViewBoard {
  revision: number
  board: Board
}

interface Client {
  socket: WebSocket
  claims: AccessClaims | null
  subs: Map<string, Subscription>
  alive: boolean
  closed: boolean
  windowStart: number
  windowCount: number
  rateErrorSent: boolean
  strikes: number
}

const OPEN = 1

/** The reader a subscription's claims make on an event: its participant id, or anyone (the view checks membership). */
function readerOf(claims: AccessClaims | null, eventId: string): BoardReader {
  if (!claims || (claims.kind === 'participant' && claims.eventId !== eventId)) return { participantId: null }
  return { participantId: claims.sub }
}

/** Frames of one board per privacy view, built on first use: a change costs one stringify per view. */
function framesByView(build: (board: Board) => WsServerMessage, board: Board) {
  const texts = new Map<BoardView, Buffer>()
  return (view: BoardView) => {
    let text = texts.get(view)
    if (text === undefined) texts.set(view, (text = frame(build(boardAs(board, view)))))
    return text
  }
}

/**
 * The patch frames of one change, one per view on first use, from the event's last board in that view
 * (then replaced by this one). Null when that view has no earlier board here, or a newer one.
 */
function patchesByView(eventId: string, change: BoardChange, lastBoards: Map<BoardView, ViewBoard>) {
  const patches = new Map<BoardView, { base: number; text: Buffer } | null>()
  return (view: BoardView) => {
    let patch = patches.get(view)
    if (patch !== undefined) return patch
    patch = null
    const last = lastBoards.get(view)
    if (!last || last.revision < change.ticket) {
      const board = plain(boardAs(change.board, view))
      lastBoards.set(view, { revision: change.ticket, board })
      if (last) {
        const message: WsServerMessage = {
          type: 'board.patch',
          eventId,
          change: change.type,
          base: last.revision,
          revision: change.ticket,
          patch: boardPatch(last.board, board),
        }
        patch = { base: last.revision, text: frame(message) }
      }
    }
    patches.set(view, patch)
    return patch
  }
}

/** The board as its JSON text says it (no `undefined` keys), so a patch only names what clients have. */
const plain = (board: Board): Board => JSON.parse(JSON.stringify(board)) as Board

/**
 * A message as the UTF-8 bytes of its JSON text frame. Encoded once per message: `ws` sends a
 * Buffer as it is, while a string is encoded again for every socket (at 1,000 sockets a board
 * change was ~3 s of UTF-8 encoding in a 60 s profile).
 */
const frame = (message: WsServerMessage) => Buffer.from(JSON.stringify(message))

export class LiveBoard {
  private readonly clients = new Set<Client>()
  private readonly byEvent = new Map<string, Set<Client>>()
  /** Per watched event, its last board per view that patching sockets were sent (the patches' bases). */
  private readonly lastBoards = new Map<string, Map<BoardView, ViewBoard>>()
  private readonly heartbeat: NodeJS.Timeout
  /** Snapshot frames by board and view: 1,000 subscribers to one board cost one JSON.stringify per view, not 1,000. */
  private readonly snapshotTexts = new WeakMap<
    Board,
    {
      textFor: (view: BoardView) => Buffer
      revisedFor: (view: BoardView) => Buffer
      viewOf: (reader: BoardReader) => BoardView
    }
  >()

  constructor(private readonly options: LiveBoardOptions) {
    this.heartbeat = setInterval(() => this.beat(), options.limits.pingIntervalMs)
    this.heartbeat.unref()
  }

  get connectionCount() {
    return this.clients.size
  }

  isWatched(eventId: string) {
    return this.byEvent.has(eventId)
  }

  accept(socket: WebSocket, claims: AccessClaims | null) {
    const client: Client = {
      socket,
      claims,
      subs: new Map(),
      alive: true,
      closed: false,
      windowStart: Date.now(),
      windowCount: 0,
      rateErrorSent: false,
      strikes: 0,
    }
    this.clients.add(client)
    socket.on('pong', () => {
      client.alive = true
    })
    socket.on('message', (data, isBinary) => this.onFrame(client, data as Buffer, isBinary))
    socket.on('close', () => this.drop(client))
    socket.on('error', (error) => this.options.log.debug({ err: error }, 'websocket error'))
  }

  /** Delivers a board change to the local sockets watching its event, serialised and encoded once per view. */
  deliver(eventId: string, change: BoardChange) {
    const watchers = this.byEvent.get(eventId)
    if (!watchers) return
    const textFor = framesByView((board) => ({ type: change.type, eventId, board }), change.board)
    // For patching sockets: the whole board with its revision (when a patch does not fit), or a patch.
    const revisedFor = framesByView(
      (board) => ({ type: change.type, eventId, board, revision: change.ticket }),
      change.board,
    )
    const patchFor = patchesByView(eventId, change, this.viewBoards(eventId))
    const viewOf = viewChooser(change.board)
    // One span per push to this replica's sockets: where a vote's trace reaches the browsers.
    const span = prostTracer().startSpan('websocket board send', {
      kind: SpanKind.PRODUCER,
      attributes: {
        'prost.event.id': eventId,
        'prost.board.change': change.type,
        'prost.sockets': watchers.size,
      },
    })
    for (const client of watchers) {
      const sub = client.subs.get(eventId)
      if (!sub) continue
      const view = viewOf(readerOf(sub.claims, eventId))
      if (!sub.ready) {
        const text = sub.patches ? revisedFor(view) : textFor(view)
        if (!sub.held || change.ticket > sub.held.change.ticket) sub.held = { change, text, view }
      } else if (change.ticket > sub.lastTicket) {
        let text = textFor(view)
        if (sub.patches) {
          const patch = patchFor(view)
          text = patch && patch.base === sub.lastTicket && sub.view === view ? patch.text : revisedFor(view)
          sub.view = view
        }
        sub.lastTicket = change.ticket
        this.sendText(client, text)
      }
    }
    span.end()
  }

  /** Passes a notice (e.g. new comments) to the local sockets watching its event; serialised once. */
  notify(eventId: string, type: LiveNoticeType) {
    const watchers = this.byEvent.get(eventId)
    if (!watchers) return
    const text = frame({ type, eventId })
    for (const client of watchers) {
      if (client.subs.get(eventId)?.ready) this.sendText(client, text)
    }
  }

  /** Sends fresh boards for these events to their local sockets (after a fan-out outage). */
  async refresh(eventIds: string[]) {
    for (const eventId of eventIds) {
      if (!this.byEvent.has(eventId)) continue
      const built = await this.options.feed.build(eventId).catch(() => null)
      if (built) this.deliver(eventId, { type: 'event.changed', ...built })
    }
  }

  close() {
    clearInterval(this.heartbeat)
    for (const client of this.clients) client.socket.close(WS_CLOSE.goingAway, 'server shutting down')
  }

  private beat() {
    for (const client of this.clients) {
      if (!client.alive) {
        this.options.log.debug('websocket missed a pong; dropping it')
        client.socket.terminate()
        this.drop(client)
        continue
      }
      client.alive = false
      try {
        client.socket.ping()
      } catch {
        // a socket that is closing; the close handler cleans up
      }
    }
  }

  private onFrame(client: Client, data: Buffer, isBinary: boolean) {
    if (client.closed) return
    const now = Date.now()
    if (now - client.windowStart >= 1000) {
      client.windowStart = now
      client.windowCount = 0
      client.rateErrorSent = false
    }
    if (++client.windowCount > this.options.limits.maxMessagesPerSecond) {
      if (!client.rateErrorSent) {
        client.rateErrorSent = true
        this.sendError(
          client,
          'rate-limited',
          `At most ${this.options.limits.maxMessagesPerSecond} messages per second`,
        )
      }
      this.strike(client)
      return
    }
    if (isBinary) return this.refuse(client, 'Send JSON text frames')
    let message: unknown
    try {
      message = JSON.parse(data.toString('utf8'))
    } catch {
      return this.refuse(client, 'The frame is not JSON')
    }
    if (!wsClientMessageChecker.Check(message)) {
      return this.refuse(client, describeRefusal(wsClientMessageChecker, message, 1) || 'Unknown message')
    }
    this.onMessage(client, message).catch((error: unknown) => {
      this.options.log.warn({ err: error }, 'websocket message failed')
      this.sendError(client, 'unavailable', 'Could not do that now; try again')
    })
  }

  private async onMessage(client: Client, message: WsClientMessage) {
    switch (message.type) {
      case 'ping':
        return this.send(client, { type: 'pong' })
      case 'unsubscribe':
        this.unsubscribe(client, message.eventId)
        return this.send(client, { type: 'unsubscribed', eventId: message.eventId })
      case 'subscribe':
        return this.subscribe(client, message.eventId, message.token, message.patches ?? false)
    }
  }

  private async subscribe(client: Client, eventId: string, token: string | undefined, patches: boolean) {
    // A repeated subscribe is a request for a fresh snapshot.
    if (client.subs.has(eventId)) this.unsubscribe(client, eventId)
    if (client.subs.size >= this.options.limits.maxSubscriptions) {
      return this.sendError(
        client,
        'too-many-subscriptions',
        `At most ${this.options.limits.maxSubscriptions} events per connection`,
        eventId,
      )
    }
    let claims = client.claims
    if (token !== undefined) {
      try {
        claims = this.options.verifyToken(token)
      } catch {
        return this.sendError(client, 'unauthenticated', 'The token is not valid or has expired', eventId)
      }
    }
    const sub: Subscription = { claims, ready: false, lastTicket: -1, patches, view: null, held: null }
    client.subs.set(eventId, sub)
    try {
      const state = await this.options.readModel.waitFor(eventId, (s) => s !== null && canSeeBoard(s, claims))
      if (client.closed || client.subs.get(eventId) !== sub) return
      if (!state || !canSeeBoard(state, claims)) {
        client.subs.delete(eventId)
        return this.sendError(client, 'not-found', 'No such event', eventId)
      }
      // Watch before building the snapshot, so no change can fall between the two.
      let watchers = this.byEvent.get(eventId)
      if (!watchers) this.byEvent.set(eventId, (watchers = new Set()))
      watchers.add(client)
      await this.options.watch(eventId)
      const built = await this.options.feed.snapshot(eventId)
      if (client.closed || client.subs.get(eventId) !== sub) return
      if (!built) throw new Error('event vanished from the read model')
      sub.ready = true
      sub.lastTicket = built.ticket
      const snapshot = this.snapshotText(eventId, built, sub.claims, patches)
      sub.view = snapshot.view
      this.sendText(client, snapshot.text)
      if (sub.held && sub.held.change.ticket > sub.lastTicket) {
        sub.lastTicket = sub.held.change.ticket
        sub.view = sub.held.view
        this.sendText(client, sub.held.text)
      }
      sub.held = null
    } catch (error) {
      if (client.subs.get(eventId) === sub) this.unsubscribe(client, eventId)
      throw error
    }
  }

  private unsubscribe(client: Client, eventId: string) {
    if (!client.subs.delete(eventId)) return
    const watchers = this.byEvent.get(eventId)
    if (watchers?.delete(client)) {
      if (watchers.size === 0) {
        this.byEvent.delete(eventId)
        this.lastBoards.delete(eventId)
        this.options.feed.forget(eventId)
      }
      this.options.unwatch(eventId)
    }
  }

  private drop(client: Client) {
    if (client.closed) return
    client.closed = true
    for (const eventId of [...client.subs.keys()]) this.unsubscribe(client, eventId)
    this.clients.delete(client)
  }

  private refuse(client: Client, detail: string) {
    this.sendError(client, 'malformed', detail)
    this.strike(client)
  }

  private strike(client: Client) {
    if (++client.strikes >= this.options.limits.maxStrikes && !client.closed) {
      client.socket.close(WS_CLOSE.policy, 'too many bad or excess messages')
      this.drop(client)
    }
  }

  private viewBoards(eventId: string) {
    let boards = this.lastBoards.get(eventId)
    if (!boards) this.lastBoards.set(eventId, (boards = new Map()))
    return boards
  }

  /**
   * The snapshot frame for this reader, and its view. A patching socket's carries the revision, and
   * becomes the view's last board when it is newer, so the next change reaches it as a patch.
   */
  private snapshotText(eventId: string, built: BuiltBoard, claims: AccessClaims | null, patches: boolean) {
    const { board, ticket } = built
    let kept = this.snapshotTexts.get(board)
    if (kept === undefined) {
      kept = {
        textFor: framesByView((shown) => ({ type: 'snapshot', eventId, board: shown }), board),
        revisedFor: framesByView(
          (shown) => ({ type: 'snapshot', eventId, board: shown, revision: ticket }),
          board,
        ),
        viewOf: viewChooser(board),
      }
      this.snapshotTexts.set(board, kept)
    }
    const view = kept.viewOf(readerOf(claims, eventId))
    if (!patches) return { text: kept.textFor(view), view }
    const boards = this.viewBoards(eventId)
    const last = boards.get(view)
    if (!last || last.revision < ticket)
      boards.set(view, { revision: ticket, board: plain(boardAs(board, view)) })
    return { text: kept.revisedFor(view), view }
  }

  private sendError(client: Client, code: WsErrorCode, message: string, eventId?: string) {
    this.send(client, eventId ? { type: 'error', code, message, eventId } : { type: 'error', code, message })
  }

  private send(client: Client, message: WsServerMessage) {
    this.sendText(client, frame(message))
  }

  /** Never waits: a socket that cannot keep up is closed rather than buffered without bound. */
  private sendText(client: Client, text: Buffer) {
    const { socket } = client
    if (client.closed || socket.readyState !== OPEN) return
    if (socket.bufferedAmount + text.length > this.options.limits.maxBufferedBytes) {
      this.options.log.info({ bufferedAmount: socket.bufferedAmount }, 'websocket too slow; closing it')
      socket.close(WS_CLOSE.tryAgainLater, 'too slow: reconnect for a fresh snapshot')
      // A reader this slow may never read the close frame either.
      setTimeout(() => socket.terminate(), 2000).unref()
      this.drop(client)
      return
    }
    socket.send(text, { binary: false })
  }
}
