/**
 * The callback_data of the RSVP buttons on the reminder and the "It's decided" notice:
 * `r:<eventId>:<c|l|x>:<mac>` (about 42 bytes, Telegram allows 64). The MAC (HMAC-SHA-256 with a key
 * derived from INTERNAL_API_TOKEN, 72 bits) covers the event, the answer and the Telegram id of the
 * person the message was sent to, which is not in the data: a button copied to someone else, or data
 * crafted for another event or answer, fails the check. Who answers is still the tap's `from`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { RsvpAnswer } from '@prost/contracts'
import { MAX_CALLBACK_DATA_BYTES } from '../cards/callback-data.js'

const CODES = { coming: 'c', late: 'l', cannot: 'x' } as const satisfies Record<RsvpAnswer, string>
const ANSWERS: Record<string, RsvpAnswer> = { c: 'coming', l: 'late', x: 'cannot' }
const MAC_CHARS = 12
/** What the bot routes to the RSVP handler (the card's vote buttons start with `v:`). */
export const RSVP_PREFIX = 'r:'

export interface RsvpTap {
  eventId: string
  answer: RsvpAnswer
}

/** Its own key, so a card button's MAC can never pass as an RSVP one or the other way round. */
export const rsvpKey = (secret: string) =>
  createHmac('sha256', secret).update('prost rsvp buttons v1').digest()

const mac = (key: Buffer, body: string, telegramId: number) =>
  createHmac('sha256', key).update(`${body}|${telegramId}`).digest('base64url').slice(0, MAC_CHARS)

export function encodeRsvpTap(key: Buffer, tap: RsvpTap, telegramId: number): string {
  const body = `${RSVP_PREFIX}${tap.eventId}:${CODES[tap.answer]}`
  return `${body}:${mac(key, body, telegramId)}`
}

const SHAPE = /^r:([0-9a-f]{24}):([clx]):([A-Za-z0-9_-]{12})$/

/** The tap, or null when the data is malformed, not ours, or signed for another Telegram user. */
export function decodeRsvpTap(key: Buffer, data: string | undefined, telegramId: number): RsvpTap | null {
  if (!data || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) return null
  const match = SHAPE.exec(data)
  if (!match) return null
  const [, eventId, code, given] = match as unknown as [string, string, string, string]
  const expected = Buffer.from(mac(key, `${RSVP_PREFIX}${eventId}:${code}`, telegramId))
  if (!timingSafeEqual(expected, Buffer.from(given))) return null
  return { eventId, answer: ANSWERS[code]! }
}
