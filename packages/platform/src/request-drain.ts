/**
 * Lingering close for answers given before the request body has arrived: 413 (body too large), a 401
 * or 404 decided before the body is read. Ending such a response closes the connection (Fastify sets
 * `Connection: close` on a body it gave up on; HAProxy asks for it on every request), and a socket
 * closed while the client is still sending makes the kernel answer the rest with a reset. The reset
 * can overtake the answer: the client, or the proxy in front of us, then sees a broken connection
 * instead of the problem+json. So the answer is written at once (marked `Connection: close`), but the
 * response, and with it the connection, ends only once the rest of the body has been read and thrown
 * away, bounded in bytes and time: a client that keeps sending past that is cut off, having had the
 * answer all along.
 */
import { PassThrough } from 'node:stream'
import type { IncomingMessage } from 'node:http'
import type { FastifyReply, FastifyRequest } from 'fastify'

export interface DrainLimits {
  /** Most bytes of an unread body read and discarded after the answer. */
  maxBytes: number
  /** Longest time the connection is kept open for them. */
  maxMs: number
}

/** nginx lingers up to 30 s; 10 s is plenty on a cluster network and keeps shutdowns short. */
export const DEFAULT_DRAIN_LIMITS: DrainLimits = { maxBytes: 32 * 1024 * 1024, maxMs: 10_000 }

/** Resolves once the request body has ended, the client has gone, or a limit is reached. */
export function drainRequestBody(req: IncomingMessage, limits: DrainLimits): Promise<void> {
  return new Promise((resolve) => {
    let received = 0
    const finish = () => {
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', finish)
      req.off('close', finish)
      req.off('error', finish)
      resolve()
    }
    const onData = (chunk: Buffer) => {
      received += chunk.length
      if (received > limits.maxBytes) finish()
    }
    const timer = setTimeout(finish, limits.maxMs)
    timer.unref()
    req.on('data', onData)
    req.once('end', finish)
    req.once('close', finish)
    req.once('error', finish)
    // Flowing without a reader: what arrives after the limits is dropped, not buffered.
    req.resume()
  })
}

const bodyStillArriving = (req: IncomingMessage) => !req.complete && !req.destroyed && !req.readableEnded

/** The onSend hook: answers at once, ends the response after the unread body has drained. */
export function lingerOnUnreadBody(limits: DrainLimits = DEFAULT_DRAIN_LIMITS) {
  return async function lingerOnUnreadBody(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    if (!bodyStillArriving(request.raw)) return payload
    // The connection ends with this response: a client cut off at the limits must not be left sending
    // into a kept-alive connection (Fastify already says so for the bodies it gave up on).
    reply.header('connection', 'close')
    const drained = drainRequestBody(request.raw, limits)
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) {
      // A streamed or empty answer has no length to announce: answer once the body has drained.
      await drained
      return payload
    }
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload
    // With its length announced the client can read the whole answer although the response ends later.
    reply.header('content-length', bytes.length)
    const answer = new PassThrough()
    answer.write(bytes)
    void drained.then(() => {
      if (!answer.destroyed) answer.end()
    })
    return answer
  }
}
