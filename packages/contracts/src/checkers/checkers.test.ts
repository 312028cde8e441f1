import { describe, expect, it } from 'vitest'
import { commentPostedChecker, describeRefusal, eventStateChecker, wsClientMessageChecker } from './index.js'

const commentPosted = (overrides: Record<string, unknown> = {}) => ({
  id: '0b3c9a4e-3b7a-4f7e-9a53-2f1f4d7a9c11',
  type: 'comment.posted',
  version: 1,
  occurredAt: '2026-12-03T08:00:00.000Z',
  payload: { eventId: '64b000000000000000000001', commentId: '64b000000000000000000002' },
  ...overrides,
})

describe('compiled checkers', () => {
  it('accept a valid frame and refuse an unknown one with a reason', () => {
    expect(wsClientMessageChecker.Check({ type: 'ping' })).toBe(true)
    expect(wsClientMessageChecker.Check({ type: 'subscribe', eventId: 'nope' })).toBe(false)
    expect(describeRefusal(wsClientMessageChecker, { type: 'shout' })).not.toBe('')
  })

  it('know the uuid and date-time formats the envelopes use', () => {
    expect(commentPostedChecker.Check(commentPosted())).toBe(true)
    expect(commentPostedChecker.Check(commentPosted({ id: 'not-a-uuid' }))).toBe(false)
    expect(commentPostedChecker.Check(commentPosted({ occurredAt: 'yesterday' }))).toBe(false)
  })

  it('say where a message is wrong', () => {
    expect(describeRefusal(eventStateChecker, { eventId: 42 }, 20)).toMatch(/\/eventId Expected string/)
  })
})
