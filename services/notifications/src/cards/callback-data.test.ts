import { describe, expect, it } from 'vitest'
import { cardKey, decodeCardTap, encodeCardTap, MAX_CALLBACK_DATA_BYTES } from './callback-data.js'

const key = cardKey('internal-secret-one')
const cardId = '65a1b2c3d4e5f60718293a4b'

describe('card callback_data', () => {
  it('round-trips a tap and fits Telegram’s 64 bytes', () => {
    for (const answer of ['yes', 'maybe', 'no'] as const) {
      const data = encodeCardTap(key, { cardId, optionIndex: 59, answer })
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES)
      expect(decodeCardTap(key, data)).toEqual({ cardId, optionIndex: 59, answer })
    }
  })

  it('refuses data signed with another key, a changed answer, option or card, and junk', () => {
    const data = encodeCardTap(key, { cardId, optionIndex: 1, answer: 'yes' })
    const [, card, index, , mac] = data.split(':')
    expect(decodeCardTap(cardKey('internal-secret-two'), data)).toBeNull()
    expect(decodeCardTap(key, `v:${card}:${index}:n:${mac}`)).toBeNull()
    expect(decodeCardTap(key, `v:${card}:2:y:${mac}`)).toBeNull()
    const otherCard = Buffer.from('65a1b2c3d4e5f60718293a4c', 'hex').toString('base64url')
    expect(decodeCardTap(key, `v:${otherCard}:${index}:y:${mac}`)).toBeNull()
    for (const junk of [undefined, '', 'v:000000000000000000000000:0:y', `${data}x`, 'x'.repeat(65)])
      expect(decodeCardTap(key, junk)).toBeNull()
  })
})
