/** Per web test: the fake API listening, then a clean DOM, storage and session, and no handlers left over. */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { cleanup, configure } from '@testing-library/react'
import { setSession } from '../api/session'
import { server } from './server'

// findBy* waits up to 5 s (not 1 s): lazily loaded routes take longer to appear on a busy machine.
configure({ asyncUtilTimeout: 5_000 })

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
