/**
 * The API as the web tests see it: msw answers the app's fetch calls with each test's handlers
 * (`server.use(...)`), anything else with a problem+json 404, and can record what was asked.
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import type { Problem } from '@prost/contracts'
// The platform's catalog itself (a dependency-free module), so the answers are the ones services send.
import { PROBLEMS, problemType, type ProblemKind } from '../../../packages/platform/src/problems'

/** A problem+json answer, its status taken from the problem. */
export const problem = (body: { type: string; title: string; status: number; [key: string]: unknown }) =>
  HttpResponse.json(body, { status: body.status, headers: { 'content-type': 'application/problem+json' } })

/** A problem of the platform's catalog as a service sends it: the catalog's type, title and status, and `more`. */
export const catalogProblem = (kind: ProblemKind, more: Partial<Problem> = {}): Problem => ({
  type: problemType(kind),
  ...PROBLEMS[kind],
  ...more,
})

/** What a route the server does not have answers. */
const notFound = http.all('*', () => problem({ type: 'about:blank', title: 'Not found', status: 404 }))

export const server = setupServer(notFound)

export interface ApiCall {
  method: string
  /** Path and query, as the app wrote it ("/api/events/mine"). */
  url: string
  /** The JSON body sent, or its text when it is not JSON; undefined without a body. */
  body: unknown
  /** Lower-case names. */
  headers: Record<string, string>
}

/** Every request the app makes from now on, in order (until the test ends). */
export function recordCalls(): ApiCall[] {
  const calls: ApiCall[] = []
  server.events.on('request:start', ({ request }) => {
    const { pathname, search } = new URL(request.url)
    const call: ApiCall = {
      method: request.method,
      url: pathname + search,
      body: undefined,
      headers: Object.fromEntries(request.headers),
    }
    calls.push(call)
    // Read before any handler answers, so the body is there by the time the app has its response.
    void request
      .clone()
      .text()
      .then((text) => {
        if (!text) return
        try {
          call.body = JSON.parse(text)
        } catch {
          call.body = text
        }
      })
  })
  return calls
}
