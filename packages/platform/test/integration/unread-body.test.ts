/**
 * Answers given before the request body has arrived (413 over the body limit, 401 from a check that
 * runs before the body is read, 404) reach a real HTTP client over a real socket, and the connection
 * then ends without a reset. Before request-drain.ts the server closed the socket while the client was
 * still sending: its writes failed with EPIPE/ECONNRESET, and a proxy in front (HAProxy) lost the
 * answer about one time in four.
 */
import { request } from 'node:http'
import { connect, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type ProstServer } from '../../src/server.js'
import { loadConfig, BaseConfigSchema } from '../../src/config.js'
import { unauthenticated } from '../../src/problems.js'

const MB = 1024 * 1024
let app: ProstServer
let port: number

beforeAll(async () => {
  app = await createServer({
    name: 'drain',
    config: loadConfig(BaseConfigSchema, { PORT: '0' }),
    logger: false,
    metrics: false,
    drainLimits: { maxBytes: 16 * MB, maxMs: 1_500 },
  })
  app.post('/small', { bodyLimit: 64 * 1024 }, async () => ({ ok: true }))
  // Like a webhook secret check: refused before Fastify reads the body.
  app.post(
    '/guarded',
    {
      onRequest: async () => {
        throw unauthenticated()
      },
    },
    async () => ({ ok: true }),
  )
  await app.listen({ host: '127.0.0.1', port: 0 })
  port = (app.server.address() as AddressInfo).port
})

afterAll(async () => {
  await app?.close()
})

interface Outcome {
  status: number
  contentType: string
  body: string
  /** The client's socket error after (or instead of) the answer, e.g. EPIPE when the server reset. */
  error?: string
}

/** One request with a body of `size` bytes: what the client read, and how the exchange ended. */
function post(path: string, size: number, options: { close?: boolean } = {}) {
  return new Promise<Outcome>((resolve) => {
    const outcome: Outcome = { status: 0, contentType: '', body: '' }
    const r = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': size,
          // HAProxy (option http-server-close) asks every upstream to close after the answer.
          ...(options.close ? { connection: 'close' } : {}),
        },
      },
      (res) => {
        outcome.status = res.statusCode ?? 0
        outcome.contentType = String(res.headers['content-type'] ?? '')
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (outcome.body += chunk))
      },
    )
    r.on('error', (error: NodeJS.ErrnoException) => {
      outcome.error = error.code ?? error.message
      resolve(outcome)
    })
    r.on('close', () => resolve(outcome))
    r.end(Buffer.alloc(size, 0x61))
  })
}

const summary = (o: Outcome) =>
  `${o.status} ${o.contentType.split(';')[0]}${o.error ? ` then ${o.error}` : ''}`

describe('an answer given before the body was read', () => {
  for (const [path, status] of [
    ['/small', 413],
    ['/guarded', 401],
  ] as const) {
    it(`reaches the client, and the connection ends cleanly (${path} → ${status})`, async () => {
      const seen: Record<string, number> = {}
      for (const size of [1 * MB, 10 * MB]) {
        for (const close of [false, true]) {
          for (let i = 0; i < 6; i++) {
            const outcome = await post(path, size, { close })
            const key = summary(outcome)
            seen[key] = (seen[key] ?? 0) + 1
            if (!outcome.error) expect(JSON.parse(outcome.body)).toMatchObject({ status })
          }
        }
      }
      expect(seen).toEqual({ [`${status} application/problem+json`]: 24 })
    }, 60_000)
  }

  for (const [path, status] of [
    ['/small', 413],
    ['/guarded', 401],
  ] as const) {
    it(`answers at once but closes a connection whose body never ends after maxMs (${path})`, async () => {
      // Raw socket: an HTTP client would hang up itself once it has read an answer marked close.
      const socket = connect(port, '127.0.0.1')
      let received = ''
      let answeredAt = 0
      socket.setEncoding('utf8')
      socket.on('data', (chunk: string) => {
        received += chunk
        if (!answeredAt && received.includes(`"status":${status}`)) answeredAt = Date.now()
      })
      const started = Date.now()
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${MB}\r\n\r\n`,
      )
      // A quarter of the announced body, then the client stalls without hanging up.
      socket.write(Buffer.alloc(MB / 4, 0x61))
      const closedAt = await new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())))
      expect(received).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `))
      expect(received).toMatch(/\r\nconnection: close\r\n/i)
      expect(answeredAt - started).toBeLessThan(1_000)
      // Closed by the server once maxMs (1.5 s) has passed, not by Node's requestTimeout minutes later.
      expect(closedAt - started).toBeGreaterThanOrEqual(1_400)
      expect(closedAt - started).toBeLessThan(10_000)
    }, 20_000)
  }
})
