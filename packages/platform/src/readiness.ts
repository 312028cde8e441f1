/**
 * The registry of dependency checks behind /readyz. Client plugins add their own check when they
 * load; a non-critical check (Redis) marks the service degraded, not unavailable.
 */
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'

export interface DependencyStatus {
  name: string
  ok: boolean
  critical: boolean
  latencyMs: number
  error?: string
}

interface Check {
  name: string
  critical: boolean
  run: () => Promise<unknown>
}

export class ReadinessRegistry {
  private readonly checks: Check[] = []
  private closing = false

  register(name: string, run: () => Promise<unknown>, options: { critical?: boolean } = {}) {
    this.checks.push({ name, run, critical: options.critical ?? true })
  }

  markClosing() {
    this.closing = true
  }

  get isClosing() {
    return this.closing
  }

  async evaluate(timeoutMs = 2000) {
    const results = await Promise.all(this.checks.map((check) => runCheck(check, timeoutMs)))
    const failedCritical = results.some((r) => !r.ok && r.critical)
    const failedOptional = results.some((r) => !r.ok && !r.critical)
    const status: 'ready' | 'degraded' | 'unavailable' =
      this.closing || failedCritical ? 'unavailable' : failedOptional ? 'degraded' : 'ready'
    return { status, checks: results }
  }
}

async function runCheck(check: Check, timeoutMs: number): Promise<DependencyStatus> {
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  try {
    await Promise.race([
      check.run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)
      }),
    ])
    return { name: check.name, critical: check.critical, ok: true, latencyMs: elapsed(started) }
  } catch (error) {
    return {
      name: check.name,
      critical: check.critical,
      ok: false,
      latencyMs: elapsed(started),
      error: (error as Error).message,
    }
  } finally {
    clearTimeout(timer)
  }
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10

declare module 'fastify' {
  interface FastifyInstance {
    readiness: ReadinessRegistry
  }
}

export const readiness = fp(
  async function readiness(fastify: FastifyInstance) {
    const registry = new ReadinessRegistry()
    fastify.decorate('readiness', registry)
    fastify.addHook('preClose', async () => registry.markClosing())
  },
  { name: 'readiness', fastify: '5.x' },
)

/** Lets a client plugin add its check when a registry exists (it may be tested on a bare Fastify). */
export function registerReadinessCheck(
  fastify: FastifyInstance,
  name: string,
  run: () => Promise<unknown>,
  options?: { critical?: boolean },
) {
  if (fastify.hasDecorator('readiness')) fastify.readiness.register(name, run, options)
}
