/** Time as the reminder logic sees it; tests inject a clock that runs ahead so nobody waits an hour. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock running `offsetMs` ahead of (or behind) real time, still ticking. */
export const offsetClock = (offsetMs: number): Clock & { shift(ms: number): void } => {
  let offset = offsetMs
  return {
    now: () => new Date(Date.now() + offset),
    shift(ms: number) {
      offset += ms
    },
  }
}
