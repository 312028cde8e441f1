import { describe, expect, it, vi } from 'vitest'
import { http, HttpResponse } from 'msw'
import { ApiError, refreshSession, request } from './client'
import { getSession, setGuestPass, setSession } from './session'
import { signIn, testAuthSession } from '../test/fixtures'
import { problem, recordCalls, server } from '../test/server'

const session = (access: string, refresh: string) => testAuthSession(access, refresh)

describe('request', () => {
  it('refreshes an expired access token once and retries', async () => {
    signIn({}, { accessToken: 'old-access', refreshToken: 'refresh-token-0000001' })
    const calls = recordCalls()
    let asked = 0
    server.use(
      http.get('/api/events/mine', () =>
        ++asked === 1
          ? problem({ type: 'urn:prost:unauthenticated', title: 'Log in first', status: 401 })
          : HttpResponse.json({ items: [] }),
      ),
      http.post('/api/auth/refresh', () => HttpResponse.json(session('new-access', 'refresh-token-0000002'))),
    )
    await expect(request('/api/events/mine')).resolves.toEqual({ items: [] })
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers.authorization ?? ''}`)).toEqual([
      'GET /api/events/mine Bearer old-access',
      'POST /api/auth/refresh ',
      'GET /api/events/mine Bearer new-access',
    ])
    expect(getSession()?.refreshToken).toBe('refresh-token-0000002')
  })

  it('takes the session another tab refreshed while it waited for the lock, instead of reusing the old token', async () => {
    signIn({}, { accessToken: 'old-access', refreshToken: 'refresh-token-0000001' })
    let release!: () => void
    const otherTabDone = new Promise<void>((r) => (release = r))
    vi.stubGlobal('navigator', {
      ...navigator,
      locks: { request: async (_name: string, work: () => Promise<unknown>) => (await otherTabDone, work()) },
    })
    const calls = recordCalls()
    server.use(
      http.post('/api/auth/refresh', () => HttpResponse.json(session('mine', 'refresh-token-0000003'))),
    )
    const refreshed = refreshSession()
    setSession(session('from-other-tab', 'refresh-token-0000002'))
    release()
    expect((await refreshed)?.accessToken).toBe('from-other-tab')
    expect(calls).toHaveLength(0)
    vi.unstubAllGlobals()
  })

  it('turns problem+json into an ApiError with title, detail and field errors', async () => {
    const body = {
      type: 'urn:prost:validation',
      title: 'Check the highlighted fields',
      status: 400,
      errors: [{ path: '/body/title', message: 'must not be empty' }],
    }
    server.use(http.post('/api/events', () => problem(body)))
    const error = await request('/api/events', { method: 'POST', body: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).problem).toEqual(body)
    expect((error as ApiError).message).toBe('Check the highlighted fields')
  })

  it('sends the guest pass for calls about its event', async () => {
    const eventId = 'e'.repeat(24)
    setGuestPass(eventId, { token: 'guest-token', participantId: 'p1', name: 'Gabi' })
    const calls = recordCalls()
    server.use(http.get(`/api/votes/${eventId}`, () => HttpResponse.json({})))
    await request(`/api/votes/${eventId}`, { eventId })
    expect(calls[0]!.headers.authorization).toBe('Bearer guest-token')
  })

  it('reports a network failure as offline (status 0), not a crash', async () => {
    server.use(http.get('/api/events', () => HttpResponse.error()))
    const error = (await request('/api/events').catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(0)
  })
})
