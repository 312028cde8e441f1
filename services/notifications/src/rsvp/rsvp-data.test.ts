import { describe, expect, it } from 'vitest'
import { cardKey, encodeCardTap } from '../cards/callback-data.js'
import { decodeRsvpTap, encodeRsvpTap, rsvpKey } from './rsvp-data.js'

const key = rsvpKey('internal-secret')
const eventId = 'abcdef0123456789abcdef01'

describe('RSVP callback_data', () => {
  it('round-trips every answer within 64 bytes, for the Telegram id it was signed for only', () => {
    for (const answer of ['coming', 'late', 'cannot'] as const) {
      const data = encodeRsvpTap(key, { eventId, answer }, 1234567890123)
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64)
      expect(data.startsWith(`r:${eventId}:`)).toBe(true)
      expect(decodeRsvpTap(key, data, 1234567890123)).toEqual({ eventId, answer })
      expect(decodeRsvpTap(key, data, 1234567890124)).toBeNull()
      expect(decodeRsvpTap(rsvpKey('another-secret'), data, 1234567890123)).toBeNull()
    }
  })

  it('refuses changed answers or events, broken MACs, junk and card buttons', () => {
    const data = encodeRsvpTap(key, { eventId, answer: 'late' }, 42)
    const [, id, , mac] = data.split(':')
    expect(decodeRsvpTap(key, `r:${id}:c:${mac}`, 42)).toBeNull()
    expect(decodeRsvpTap(key, `r:${'0'.repeat(24)}:l:${mac}`, 42)).toBeNull()
    expect(decodeRsvpTap(key, `r:${id}:l:${'A'.repeat(12)}`, 42)).toBeNull()
    expect(decodeRsvpTap(key, undefined, 42)).toBeNull()
    expect(decodeRsvpTap(key, `${data}${'x'.repeat(64)}`, 42)).toBeNull()
    const card = encodeCardTap(cardKey('internal-secret'), { cardId: eventId, optionIndex: 0, answer: 'yes' })
    expect(decodeRsvpTap(key, card, 42)).toBeNull()
  })
})
