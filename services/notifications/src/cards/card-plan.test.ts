import { describe, expect, it } from 'vitest'
import { parsePlanArgument } from './card-plan.js'

describe('/plan argument', () => {
  it('takes an invite link on any Prost host, a bare token, or an event id', () => {
    const token = 'AbCdEf0123456789_-xy'
    expect(parsePlanArgument(`https://prost.example/join/${token}`)).toEqual({ inviteToken: token })
    expect(parsePlanArgument(`http://127.0.0.1:8080/join/${token}/?utm=x  extra words`)).toEqual({
      inviteToken: token,
    })
    expect(parsePlanArgument(token)).toEqual({ inviteToken: token })
    expect(parsePlanArgument(' 65a1b2c3d4e5f60718293a4b ')).toEqual({ eventId: '65a1b2c3d4e5f60718293a4b' })
  })

  it('refuses anything else', () => {
    for (const arg of ['', 'hello', 'https://prost.example/events/1', '/join/short', 'a\u0000b'.repeat(8)])
      expect(parsePlanArgument(arg)).toBeNull()
  })
})
