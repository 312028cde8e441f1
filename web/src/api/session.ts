/** Where tokens live: the signed-in session and the per-event guest tokens, in localStorage. */
import type { AuthSession, User } from '@prost/contracts'

export interface StoredSession {
  user: User
  accessToken: string
  /** Epoch ms, a little before the real expiry so we refresh early. */
  accessTokenExpiresAt: number
  refreshToken: string
}

export interface GuestPass {
  token: string
  participantId: string
  name: string
}

const SESSION_KEY = 'prost.session'
const guestKey = (eventId: string) => `prost.guest.${eventId}`
type Listener = (session: StoredSession | null) => void
const listeners = new Set<Listener>()

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}

export function getSession(): StoredSession | null {
  return read<StoredSession>(SESSION_KEY)
}

export function setSession(session: AuthSession | StoredSession | null): StoredSession | null {
  let stored: StoredSession | null = null
  if (session) {
    stored =
      'accessTokenExpiresIn' in session
        ? {
            user: session.user,
            accessToken: session.accessToken,
            accessTokenExpiresAt: Date.now() + Math.max(0, session.accessTokenExpiresIn - 30) * 1000,
            refreshToken: session.refreshToken,
          }
        : session
    localStorage.setItem(SESSION_KEY, JSON.stringify(stored))
  } else {
    localStorage.removeItem(SESSION_KEY)
  }
  for (const listener of listeners) listener(stored)
  return stored
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function getGuestPass(eventId: string): GuestPass | null {
  return read<GuestPass>(guestKey(eventId))
}

export function setGuestPass(eventId: string, pass: GuestPass): void {
  localStorage.setItem(guestKey(eventId), JSON.stringify(pass))
}

/** Forgets a guest pass the server no longer accepts (expired, or for a participant who is gone). */
export function removeGuestPass(eventId: string): void {
  localStorage.removeItem(guestKey(eventId))
}
