/**
 * Per key (an event), a change is passed on at once, and the changes that follow within `windowMs`
 * are folded into one more, passed on when the window ends (which opens the next window): a burst
 * of 200 ballots costs a handful of messages, and the last message always follows the last change.
 * What is passed on is the latest value given in the window (e.g. the latest change's trace).
 * Used for the board.changed messages (board-changed-publisher.ts) and the cross-replica fan-out of
 * ballot changes (board-fanout.ts).
 */
export interface LeadingWindow<T> {
  /** Passes `value` on now, or with the others at the end of the key's open window. */
  add(key: string, value: T): void
  /** Stops every window; answers what was still waiting (key and latest value), passed on by no one. */
  close(): [string, T][]
}

export function createLeadingWindow<T>(
  windowMs: number,
  passOn: (key: string, value: T) => void,
): LeadingWindow<T> {
  /** Per key: the open window, and the latest value waiting for its end. */
  const windows = new Map<string, { timer: NodeJS.Timeout; waiting: { value: T } | null }>()
  let closed = false

  const open = (key: string) => {
    const entry = {
      waiting: null as { value: T } | null,
      timer: setTimeout(() => {
        windows.delete(key)
        if (entry.waiting && !closed) {
          passOn(key, entry.waiting.value)
          open(key)
        }
      }, windowMs),
    }
    entry.timer.unref()
    windows.set(key, entry)
  }

  return {
    add(key, value) {
      if (closed) return
      const entry = windows.get(key)
      if (entry) {
        entry.waiting = { value }
        return
      }
      passOn(key, value)
      open(key)
    },

    close() {
      closed = true
      const waiting: [string, T][] = []
      for (const [key, entry] of windows) {
        clearTimeout(entry.timer)
        if (entry.waiting) waiting.push([key, entry.waiting.value])
      }
      windows.clear()
      return waiting
    },
  }
}
