/** Whether the screen is phone-narrow (≤ 600 px), following rotation and resizing. */
import { useSyncExternalStore } from 'react'

export const NARROW_QUERY = '(max-width: 600px)'

// jsdom and old browsers have no matchMedia: they get the wide layout.
const query = () => (typeof window.matchMedia === 'function' ? window.matchMedia(NARROW_QUERY) : null)

function subscribe(onChange: () => void): () => void {
  const list = query()
  list?.addEventListener('change', onChange)
  return () => list?.removeEventListener('change', onChange)
}

export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => query()?.matches ?? false,
    () => false,
  )
}
