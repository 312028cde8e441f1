/**
 * Bodies a route refuses before reading them (413 over the body limit, 401 from a check made before
 * the body) sent through the real HAProxy to the real services: the client always reads the
 * problem+json answer. Before the kit's lingering close (packages/platform/src/request-drain.ts) about
 * one in four of these ended in ECONNRESET/EPIPE without an answer: HAProxy asks the service to close
 * after answering, the service closed while the body was still coming, and the reset it caused made
 * HAProxy abort the client's connection too (log flags SD).
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startIngressStack, type IngressStack } from '@prost/test-support'

const MB = 1024 * 1024
let stack: IngressStack

beforeAll(async () => {
  stack = await startIngressStack({
    only: ['accounts', 'events', 'notifications'],
    // Every request here comes from one client address; the per-IP limit is not under test.
    env: { '*': { RATE_LIMIT_MAX: '100000' } },
  })
}, 120_000)

afterAll(async () => {
  await stack?.stop()
})

/** Status, type and body the client read, or the socket error that came instead. */
function send(method: string, path: string, size: number, contentType = 'application/json') {
  const url = new URL(stack.url)
  return new Promise<string>((resolve) => {
    let answer = ''
    const r = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent: false,
        headers: { 'content-type': contentType, 'content-length': size },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => {
          const problem = res.headers['content-type']?.startsWith('application/problem+json')
          const status = problem ? (JSON.parse(body) as { status?: number }).status : body.slice(0, 80)
          answer = `${res.statusCode} ${problem ? 'problem' : res.headers['content-type']} ${status}`
        })
      },
    )
    r.on('error', (error: NodeJS.ErrnoException) =>
      resolve(answer || `no answer: ${error.code ?? error.message}`),
    )
    r.on('close', () => resolve(answer || 'no answer: closed'))
    r.end(Buffer.alloc(size, 0x61))
  })
}

describe('answers given before the body is read, through the ingress', () => {
  const cases = [
    {
      name: 'a profile over the 1 MB body limit',
      method: 'PATCH',
      path: '/api/auth/me',
      expected: '413 problem 413',
    },
    { name: 'an event over the limit, without a token', path: '/api/events', expected: '413 problem 413' },
    {
      // multipart bodies are read by the handler, after the token check in preValidation
      name: 'a cover without a token',
      method: 'PUT',
      path: '/api/events/000000000000000000000000/cover',
      contentType: 'multipart/form-data; boundary=x',
      expected: '401 problem 401',
      sizes: [6 * MB, 10 * MB],
    },
    // Refused by the webhook's secret check, which runs before Fastify reads the body.
    {
      name: 'the Telegram webhook with a wrong secret',
      path: '/api/telegram/webhook/wrong',
      expected: '401 problem 401',
    },
  ]
  for (const c of cases) {
    it(`${c.name}: the client reads the ${c.expected.slice(0, 3)} every time`, async () => {
      const seen: Record<string, number> = {}
      let sent = 0
      const sizes = c.sizes ?? [1.5 * MB, 10 * MB]
      // Two clients at a time, as a browser with two tabs would.
      const worker = async () => {
        while (sent < 16) {
          const size = sizes[sent++ % sizes.length]!
          const answer = await send(c.method ?? 'POST', c.path, size, c.contentType)
          seen[answer] = (seen[answer] ?? 0) + 1
        }
      }
      await Promise.all([worker(), worker()])
      expect(seen).toEqual({ [c.expected]: 16 })
    }, 120_000)
  }
})
