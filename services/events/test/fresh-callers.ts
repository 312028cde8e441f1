/**
 * Callers of their own for tests that join many times: the join route's budget (30 a minute) is
 * counted per account or, for guests, per client address in the Redis every test run shares, so a
 * fixed test user or 127.0.0.1 would run out across files and runs.
 */
import { randomInt } from 'node:crypto'
import { ObjectId } from 'mongodb'
import { signTestToken, type TestApp } from './helper.js'

/** A signed-in user no other test (or run) uses. */
export function freshUser(name: string) {
  const id = new ObjectId().toHexString()
  return { id, name, token: signTestToken({ sub: id, kind: 'user', role: 'user', name }) }
}

const freshAddress = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`

/** Joins by invite link from a client address of its own: as `token`'s user, or as a guest named `displayName`. */
export const joinFresh = (app: TestApp, inviteToken: string, as: { token?: string; displayName?: string }) =>
  app.inject({
    method: 'POST',
    url: '/api/events/join',
    remoteAddress: freshAddress(),
    headers: as.token ? { authorization: `Bearer ${as.token}` } : {},
    payload: { inviteToken, ...(as.displayName === undefined ? {} : { displayName: as.displayName }) },
  })

/**
 * Makes every `app.inject` without its own `remoteAddress` come from a fresh client address: calls
 * without a valid token are counted per address (300 a minute) in the Redis every run shares, and
 * a file that checks 401s must not fail because another suite spent 127.0.0.1's budget.
 */
export function withFreshAddresses<A extends TestApp>(app: A): A {
  const inject = app.inject.bind(app) as (options: object) => ReturnType<TestApp['inject']>
  app.inject = ((options: string | { remoteAddress?: string }) =>
    inject(
      typeof options === 'string'
        ? { url: options, remoteAddress: freshAddress() }
        : { remoteAddress: freshAddress(), ...options },
    )) as TestApp['inject']
  return app
}
