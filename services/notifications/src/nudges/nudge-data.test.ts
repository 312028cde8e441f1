import { describe, expect, it } from 'vitest'
import { cardKey, encodeCardTap } from '../cards/callback-data.js'
import { decodeNudgeTap, encodeNudgeTap, nudgeKey } from './nudge-data.js'

const key = nudgeKey('nudge-secret-0123456789-0123456789')
const eventId = '65a1b2c3d4e5f60718293a40'
const me = 123_456_789

describe('nudge callback data', () => {
  it('round-trips within 64 bytes for its recipient only', () => {
    const data = encodeNudgeTap(key, { eventId, optionIndex: 29, answer: 'maybe' }, me)
    expect(data.startsWith(`n:${eventId}:29:m:`)).toBe(true)
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64)
    expect(decodeNudgeTap(key, data, me)).toEqual({ eventId, optionIndex: 29, answer: 'maybe' })
    expect(decodeNudgeTap(key, data, me + 1)).toBeNull()
  })

  it.each([
    ['another option', (d: string) => d.replace(':3:y:', ':4:y:')],
    ['another answer', (d: string) => d.replace(':3:y:', ':3:n:')],
    ['another event', (d: string) => d.replace(eventId, '65a1b2c3d4e5f60718293a41')],
    ['a changed MAC', (d: string) => d.slice(0, -1) + (d.endsWith('A') ? 'B' : 'A')],
    ['extra bytes', (d: string) => `${d}x`],
    ['nothing', () => ''],
  ])('refuses forged data: %s', (_what, forge) => {
    const data = encodeNudgeTap(key, { eventId, optionIndex: 3, answer: 'yes' }, me)
    expect(decodeNudgeTap(key, forge(data), me)).toBeNull()
  })

  it('refuses data signed with another key, and a card button’s data', () => {
    const other = nudgeKey('another-secret-0123456789-01234567')
    expect(
      decodeNudgeTap(key, encodeNudgeTap(other, { eventId, optionIndex: 0, answer: 'yes' }, me), me),
    ).toBeNull()
    const card = encodeCardTap(cardKey('nudge-secret-0123456789-0123456789'), {
      cardId: eventId,
      optionIndex: 0,
      answer: 'yes',
    })
    expect(decodeNudgeTap(key, card, me)).toBeNull()
  })
})
