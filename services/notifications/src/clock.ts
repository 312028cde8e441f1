/** Time as the reminder logic sees it; tests inject a clock that runs ahead so nobody waits an hour. */
import fp from 'fastify-plugin'

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

declare module 'fastify' {
  interface FastifyInstance {
    notificationsClock: Clock
  }
}

/** The clock every part of the service reads: the system's, or the one a test hands in. */
export const notificationsClock = fp<{ clock?: Clock }>(
  async (fastify, { clock = systemClock }) => {
    fastify.decorate('notificationsClock', clock)
  },
  { name: 'notifications-clock' },
)
