import { describe, expect, it } from 'vitest'
import type { AccessClaims } from '@prost/platform'
import { checkBallot, mayBeStale } from './ballot-rules.js'
import { cinemaEvent as state, eventId, p2, t1 } from '../../test/cinema-event.js'

const ann: AccessClaims = { sub: 'ann', kind: 'user', role: 'user', name: 'Ann' }

describe('checkBallot', () => {
  it('accepts a participant voting on existing options', () => {
    expect(() => checkBallot(state, ann, { [t1]: 'yes', [p2]: 'no' })).not.toThrow()
  })

  it('refuses unknown options with 409 naming them', () => {
    expect(() => checkBallot(state, ann, { c00000000000000000000000: 'yes' })).toThrow(
      expect.objectContaining({
        statusCode: 409,
        errors: [expect.objectContaining({ path: '/body/choices/c00000000000000000000000' })],
      }),
    )
  })

  it('answers 404 for private events the caller is not in, 403 for public ones', () => {
    const stranger: AccessClaims = { sub: 'eve', kind: 'user', role: 'user', name: 'Eve' }
    expect(() => checkBallot(state, stranger, {})).toThrow(expect.objectContaining({ statusCode: 404 }))
    expect(() => checkBallot({ ...state, visibility: 'public' }, stranger, {})).toThrow(
      expect.objectContaining({ statusCode: 403 }),
    )
  })

  it('does not accept a guest token issued for another event', () => {
    const cat: AccessClaims = {
      sub: 'cat',
      kind: 'participant',
      eventId: 'e00000000000000000000009',
      name: 'Cat',
    }
    expect(() => checkBallot({ ...state, visibility: 'public' }, cat, {})).toThrow(
      expect.objectContaining({ statusCode: 403 }),
    )
    expect(() => checkBallot(state, { ...cat, eventId }, {})).not.toThrow()
  })

  it('closes voting after finalize, cancel and the deadline with 409', () => {
    expect(() => checkBallot({ ...state, status: 'finalized' }, ann, {})).toThrow(
      expect.objectContaining({ statusCode: 409 }),
    )
    expect(() => checkBallot({ ...state, status: 'cancelled' }, ann, {})).toThrow(
      expect.objectContaining({ statusCode: 409 }),
    )
    const past = { ...state, votingDeadline: '2030-01-01T00:00:00.000Z' }
    expect(() => checkBallot(past, ann, {}, new Date('2030-01-01T00:00:01Z'))).toThrow(
      expect.objectContaining({ statusCode: 409 }),
    )
    expect(() => checkBallot(past, ann, {}, new Date('2029-12-31T23:59:59Z'))).not.toThrow()
  })

  it('says when the read model may just be behind', () => {
    expect(mayBeStale(null, ann, {})).toBe(true)
    expect(mayBeStale(state, ann, { [t1]: 'yes' })).toBe(false)
    expect(mayBeStale(state, ann, { c00000000000000000000000: 'yes' })).toBe(true)
    expect(mayBeStale(state, ann, {}, 4)).toBe(true)
    expect(mayBeStale(state, { ...ann, sub: 'newcomer' }, {})).toBe(true)
  })
})
