/**
 * fetch for the Prost API: JSON in and out, Bearer tokens (the session's, or a guest's pass for
 * one event), one transparent refresh on 401, and problem+json turned into an ApiError.
 */
import type { AuthSession, Problem } from '@prost/contracts'
import { getGuestPass, getSession, setSession, type StoredSession } from './session'

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title)
    this.name = 'ApiError'
    this.status = problem.status
    this.problem = problem
  }
}

/** A network failure (nothing answered): status 0 so the UI can say "cannot reach Prost". */
export const offlineProblem = (): Problem => ({ type: 'about:blank#offline', title: 'offline', status: 0 })

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  /** Scope for a guest's participant token. */
  eventId?: string
  signal?: AbortSignal
  /** Return the raw Response (binary bodies such as covers and .ics). */
  raw?: boolean
}

let refreshing: Promise<StoredSession | null> | null = null

/**
 * Trades the refresh token for a new session once, however many requests are waiting for it, and
 * one tab at a time: refresh tokens rotate and a reused one revokes the whole family, so a second
 * tab that waited for the lock takes the session the first one stored instead of refreshing again.
 */
export function refreshSession(): Promise<StoredSession | null> {
  const seen = getSession()
  if (!seen) return Promise.resolve(null)
  const exclusive = <T,>(work: () => Promise<T>): Promise<T> =>
    typeof navigator !== 'undefined' && navigator.locks
      ? (navigator.locks.request('prost.refresh', work) as Promise<T>)
      : work()
  refreshing ??= exclusive(async () => {
    const current = getSession()
    if (!current) return null
    if (current.refreshToken !== seen.refreshToken) return current
    try {
      const res = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      })
      if (res.ok) return setSession((await res.json()) as AuthSession)
      // Only a definite "no" ends the session; a flaky network keeps it for the next try.
      if (res.status === 400 || res.status === 401 || res.status === 403) setSession(null)
      return null
    } catch {
      return null
    }
  }).finally(() => {
    refreshing = null
  })
  return refreshing
}

/** The token to send: a fresh-enough user token, else the guest pass for the event. */
export async function tokenFor(eventId?: string): Promise<string | null> {
  let session = getSession()
  if (session && session.accessTokenExpiresAt < Date.now()) session = await refreshSession()
  if (session) return session.accessToken
  return eventId ? (getGuestPass(eventId)?.token ?? null) : null
}

async function toProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '')
  try {
    const body = JSON.parse(text) as Partial<Problem>
    if (body && typeof body.title === 'string')
      return {
        ...body,
        title: body.title,
        type: body.type ?? 'about:blank',
        status: body.status ?? res.status,
      }
    // Some proxies and plugins answer {message}; keep it readable.
    const message = (body as { message?: unknown }).message
    return {
      type: 'about:blank',
      title: typeof message === 'string' ? message : res.statusText || 'Error',
      status: res.status,
    }
  } catch {
    return { type: 'about:blank', title: res.statusText || `HTTP ${res.status}`, status: res.status }
  }
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const send = async (token: string | null) => {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' }
    let body: BodyInit | undefined
    if (options.body instanceof FormData) body = options.body
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    if (token) headers.authorization = `Bearer ${token}`
    try {
      return await fetch(path, { method: options.method ?? 'GET', headers, body, signal: options.signal })
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error
      throw new ApiError(offlineProblem())
    }
  }
  const token = await tokenFor(options.eventId)
  let res = await send(token)
  if (res.status === 401 && token && getSession()?.accessToken === token) {
    const renewed = await refreshSession()
    if (renewed) res = await send(renewed.accessToken)
  }
  if (!res.ok) throw new ApiError(await toProblem(res))
  if (options.raw) return res as T
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** A query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}
