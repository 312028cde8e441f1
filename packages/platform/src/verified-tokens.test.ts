import { describe, expect, it } from 'vitest'
import { createVerifiedTokens } from './verified-tokens.js'

/** A verifier that counts its calls and accepts tokens named `good-<exp seconds>`. */
function counting() {
  const calls: string[] = []
  const verify = (token: string) => {
    calls.push(token)
    const match = /^good-(\d+)$/.exec(token)
    if (!match) throw Object.assign(new Error('invalid'), { code: 'FAST_JWT_INVALID_SIGNATURE' })
    return { sub: token, exp: Number(match[1]) }
  }
  return { calls, verify }
}

describe('verified tokens', () => {
  it('verifies a token once and answers the same frozen claims after that', () => {
    const { calls, verify } = counting()
    const verified = createVerifiedTokens(verify, { max: 10, ttlMs: 60_000, now: () => 1_000_000 })
    const first = verified('good-5000')
    expect(verified('good-5000')).toBe(first)
    expect(calls).toEqual(['good-5000'])
    expect(Object.isFrozen(first)).toBe(true)
  })

  it('never keeps a token past its expiry, nor past the time to live', () => {
    const { calls, verify } = counting()
    let now = 1_000_000
    const verified = createVerifiedTokens(verify, { max: 10, ttlMs: 60_000, now: () => now })
    verified('good-1010') // expires at 1,010,000 ms: sooner than the time to live
    now = 1_009_999
    verified('good-1010')
    expect(calls).toHaveLength(1)
    now = 1_010_000
    verified('good-1010')
    expect(calls).toHaveLength(2)

    verified('good-9999') // kept for the time to live only
    now += 59_999
    verified('good-9999')
    expect(calls.filter((t) => t === 'good-9999')).toHaveLength(1)
    now += 1
    verified('good-9999')
    expect(calls.filter((t) => t === 'good-9999')).toHaveLength(2)
  })

  it('keeps no failure: a bad token is verified, and refused, every time', () => {
    const { calls, verify } = counting()
    const verified = createVerifiedTokens(verify, { max: 10, ttlMs: 60_000 })
    expect(() => verified('forged')).toThrow('invalid')
    expect(() => verified('forged')).toThrow('invalid')
    expect(calls).toEqual(['forged', 'forged'])
  })

  it('holds at most `max` tokens, dropping the oldest', () => {
    const { calls, verify } = counting()
    const verified = createVerifiedTokens(verify, { max: 2, ttlMs: 60_000, now: () => 0 })
    verified('good-1')
    verified('good-2')
    verified('good-3') // drops good-1
    verified('good-2')
    verified('good-3')
    expect(calls).toEqual(['good-1', 'good-2', 'good-3'])
    verified('good-1')
    expect(calls).toEqual(['good-1', 'good-2', 'good-3', 'good-1'])
  })
})
