/** Per web test: the fake API listening, then a clean DOM, storage and session, and no handlers left over. */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { cleanup } from '@testing-library/react'
import { setSession } from '../api/session'
import { server } from './server'

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))

afterEach(() => {
  cleanup()
  // The session hook keeps the last session in memory: clearing localStorage alone does not sign out.
  setSession(null)
  localStorage.clear()
  server.resetHandlers()
  server.events.removeAllListeners()
})

afterAll(() => server.close())
