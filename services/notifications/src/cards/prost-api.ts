/**
 * The bot's way into Prost: the same REST APIs the SPA uses, called on the services' internal
 * addresses as a Telegram user. accounts' internal telegram-session route (shared INTERNAL_API_TOKEN)
 * turns a Telegram user into a session (creating the account on first use); every other call carries
 * that user's access token, so events and voting apply their own rules (join, who may vote, 409 after
 * finalize). No collection of another service is ever read. Answers are checked against the
 * contracts before use.
 */
import type { FastifyBaseLogger } from 'fastify'
import {
  INTERNAL_TOKEN_HEADER,
  type AuthSession,
  type Ballot,
  type BallotChoices,
  type Board,
  type Event,
  type JoinResult,
  type MyEvents,
  type RsvpAnswer,
  type TelegramIdentityLink,
  type TelegramUser,
} from '@prost/contracts'
import {
  authSessionChecker,
  ballotChecker,
  boardChecker,
  describeRefusal,
  eventChecker,
  joinResultChecker,
  myEventsChecker,
  telegramIdentityLinkChecker,
} from '@prost/contracts/checkers'

/** A service answered with a problem (4xx/5xx) or could not be reached (status 0). */
export class ProstApiError extends Error {
  override name = 'ProstApiError'
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${status}: ${detail}`)
  }
}

export interface ProstApiOptions {
  accountsUrl: string
  eventsUrl: string
  votingUrl: string
  internalToken: string
  timeoutMs: number
  log: FastifyBaseLogger
  /**
   * The Prost account whose link token this Telegram id redeemed in its private chat, if any. A
   * session that names another account (the link predates accounts knowing of links, or accounts
   * was away at /start) is repaired: accounts is told, and the session is opened again.
   */
  linkedAccountOf?: (telegramId: number) => Promise<string | null>
}

export interface ActingUser {
  token: string
  userId: string
}

interface Checker<T> {
  Check(value: unknown): value is T
  Errors(value: unknown): Iterable<{ path: string; message: string }>
}

/** A session is reused until a minute before it expires (the access token is short-lived). */
const SESSION_MARGIN_MS = 60_000

export function createProstApi(options: ProstApiOptions) {
  const base = (url: string) => url.replace(/\/+$/, '')
  const accounts = base(options.accountsUrl)
  const events = base(options.eventsUrl)
  const voting = base(options.votingUrl)
  const sessions = new Map<number, { user: ActingUser; until: number }>()
  const pendingSessions = new Map<number, Promise<ActingUser>>()

  async function request<T>(
    method: string,
    url: string,
    checker: Checker<T>,
    init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers }
    if (init.token) headers.authorization = `Bearer ${init.token}`
    if (init.body !== undefined) headers['content-type'] = 'application/json'
    let res: Response
    try {
      res = await fetch(url, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      })
    } catch (error) {
      throw new ProstApiError(0, `${method} ${new URL(url).pathname}: ${(error as Error).message}`)
    }
    const text = await res.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : undefined
    } catch {
      json = undefined
    }
    if (!res.ok) {
      const detail = (json as { detail?: string } | undefined)?.detail ?? res.statusText
      throw new ProstApiError(res.status, detail)
    }
    if (!checker.Check(json)) {
      throw new ProstApiError(
        502,
        `${method} ${new URL(url).pathname} answered an unexpected shape: ${describeRefusal(checker, json)}`,
      )
    }
    return json
  }

  const signIn = (user: TelegramUser): Promise<AuthSession> =>
    request('POST', `${accounts}/api/auth/internal/telegram-session`, authSessionChecker, {
      body: { user },
      headers: { [INTERNAL_TOKEN_HEADER]: options.internalToken },
    })

  const linkTelegram = (userId: string, user: TelegramUser): Promise<TelegramIdentityLink> =>
    request('POST', `${accounts}/api/auth/internal/telegram-link`, telegramIdentityLinkChecker, {
      body: { userId, user },
      headers: { [INTERNAL_TOKEN_HEADER]: options.internalToken },
    })

  async function openSession(user: TelegramUser): Promise<ActingUser> {
    let session = await signIn(user)
    const linked = await options.linkedAccountOf?.(user.id)
    if (linked && linked !== session.user.id) {
      await linkTelegram(linked, user)
      session = await signIn(user)
    }
    const acting = { token: session.accessToken, userId: session.user.id }
    sessions.set(user.id, {
      user: acting,
      until: Date.now() + session.accessTokenExpiresIn * 1000 - SESSION_MARGIN_MS,
    })
    if (sessions.size > 10_000) {
      const now = Date.now()
      for (const [id, entry] of sessions) if (entry.until < now) sessions.delete(id)
    }
    return acting
  }

  return {
    /** Acts as this Telegram user: their session, created (with the account) on first use. */
    async actAs(user: TelegramUser): Promise<ActingUser> {
      const known = sessions.get(user.id)
      if (known && known.until > Date.now()) return known.user
      let pending = pendingSessions.get(user.id)
      if (!pending) {
        pending = openSession(user).finally(() => pendingSessions.delete(user.id))
        pendingSessions.set(user.id, pending)
      }
      return pending
    },
    /**
     * After `/start <link token>`: the Telegram id signs in to this Prost account from now on (see
     * accounts' telegram-identity.ts). A session cached for the account it signed in to before is dropped.
     */
    async linkTelegram(userId: string, user: TelegramUser): Promise<TelegramIdentityLink> {
      const link = await linkTelegram(userId, user)
      sessions.delete(user.id)
      return link
    },
    /** A token that stopped working (e.g. the account was disabled) is not reused. */
    forget(telegramId: number) {
      sessions.delete(telegramId)
    },
    join: (as: ActingUser, inviteToken: string): Promise<JoinResult> =>
      request('POST', `${events}/api/events/join`, joinResultChecker, {
        token: as.token,
        body: { inviteToken },
      }),
    event: (as: ActingUser, eventId: string): Promise<Event> =>
      request('GET', `${events}/api/events/${eventId}`, eventChecker, { token: as.token }),
    /** Every event I organize or take part in (summaries). */
    myEvents: (as: ActingUser): Promise<MyEvents> =>
      request('GET', `${events}/api/events/mine`, myEventsChecker, { token: as.token }),
    board: (as: ActingUser, eventId: string): Promise<Board> =>
      request('GET', `${voting}/api/votes/${eventId}`, boardChecker, { token: as.token }),
    /** My ballot, or null when I have none (or am not, yet, a participant in voting's eyes). */
    async ballot(as: ActingUser, eventId: string): Promise<Ballot | null> {
      try {
        return await request('GET', `${voting}/api/votes/${eventId}/ballot`, ballotChecker, {
          token: as.token,
        })
      } catch (error) {
        if (error instanceof ProstApiError && error.status === 404) return null
        throw error
      }
    },
    /** My RSVP to a decided event (events answers 409 before it is decided, 403 to non-participants). */
    rsvp: (as: ActingUser, eventId: string, answer: RsvpAnswer): Promise<Event> =>
      request('PUT', `${events}/api/events/${eventId}/rsvp`, eventChecker, {
        token: as.token,
        body: { answer },
      }),
    putBallot: (as: ActingUser, eventId: string, choices: BallotChoices): Promise<Ballot> =>
      request('PUT', `${voting}/api/votes/${eventId}`, ballotChecker, {
        token: as.token,
        body: { choices },
      }),
    log: options.log,
  }
}
export type ProstApi = ReturnType<typeof createProstApi>
