/** The signed-in session as React state, kept in step with localStorage writes. */
import { useSyncExternalStore } from 'react'
import { getSession, onSessionChange, type StoredSession } from './session'

// Kept current even while no component listens, so a later mount never sees a stale session.
let cached: StoredSession | null = getSession()
onSessionChange((session) => (cached = session))
const subscribe = (notify: () => void) => onSessionChange(() => notify())
const snapshot = () => cached

export function useSession(): StoredSession | null {
  return useSyncExternalStore(subscribe, snapshot, () => null)
}
