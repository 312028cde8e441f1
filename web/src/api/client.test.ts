import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, refreshSession, request } from './client'
import { getSession, setGuestPass, setSession } from './session'
import { mockFetch, testAuthSession } from '../test-render'

const session = (access: string, refresh: string) => testAuthSession(access, refresh)

describe('request', () => {
  beforeEach(() => setSession(null))

  it('refreshes an expired access token once and retries', async () => {
    setSession(session('old-access', 'refresh-token-0000001'))
    const { fetchMock, calls } = mockFetch({
      'GET /api/events/mine': () =>
        calls.filter((c) => c.url === '/api/events/mine').length === 1
          ? { status: 401, body: { type: 'urn:prost:unauthenticated', title: 'Log in first', status: 401 } }
          : { status: 200, body: { items: [] } },
      'POST /api/auth/refresh': () => ({ status: 200, body: session('new-access', 'refresh-token-0000002') }),
    })
    vi.stubGlobal('fetch', fetchMock)
    await expect(request('/api/events/mine')).resolves.toEqual({ items: [] })
    expect(calls.map((c) => `${c.method} ${c.url} ${c.headers.authorization ?? ''}`)).toEqual([
      'GET /api/events/mine Bearer old-access',
      'POST /api/auth/refresh ',
      'GET /api/events/mine Bearer new-access',
    ])
    expect(getSession()?.refreshToken).toBe('refresh-token-0000002')
  })

  it('takes the session another tab refreshed while it waited for the lock, instead of reusing the old token', async () => {
    setSession(session('old-access', 'refresh-token-0000001'))
    let release!: () => void
    const otherTabDone = new Promise<void>((r) => (release = r))
    vi.stubGlobal('navigator', {
      ...navigator,
      locks: { request: async (_name: string, work: () => Promise<unknown>) => (await otherTabDone, work()) },
    })
    const { fetchMock, calls } = mockFetch({
      'POST /api/auth/refresh': () => ({ status: 200, body: session('mine', 'refresh-token-0000003') }),
    })
    vi.stubGlobal('fetch', fetchMock)
    const refreshed = refreshSession()
    setSession(session('from-other-tab', 'refresh-token-0000002'))
    release()
    expect((await refreshed)?.accessToken).toBe('from-other-tab')
    expect(calls).toHaveLength(0)
  })

  it('turns problem+json into an ApiError with title, detail and field errors', async () => {
    const problem = {
      type: 'urn:prost:validation',
      title: 'Check the highlighted fields',
      status: 400,
      errors: [{ path: '/body/title', message: 'must not be empty' }],
    }
    vi.stubGlobal(
      'fetch',
      mockFetch({ 'POST /api/events': () => ({ status: 400, body: problem }) }).fetchMock,
    )
    const error = await request('/api/events', { method: 'POST', body: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).problem).toEqual(problem)
    expect((error as ApiError).message).toBe('Check the highlighted fields')
  })

  it('sends the guest pass for calls about its event', async () => {
    setGuestPass('e'.repeat(24), { token: 'guest-token', participantId: 'p1', name: 'Gabi' })
    const { fetchMock, calls } = mockFetch({
      ['GET /api/votes/' + 'e'.repeat(24)]: () => ({ status: 200, body: {} }),
    })
    vi.stubGlobal('fetch', fetchMock)
    await request(`/api/votes/${'e'.repeat(24)}`, { eventId: 'e'.repeat(24) })
    expect(calls[0]!.headers.authorization).toBe('Bearer guest-token')
  })

  it('reports a network failure as offline (status 0), not a crash', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const error = (await request('/api/events').catch((e: unknown) => e)) as ApiError
    expect(error.status).toBe(0)
  })
})
