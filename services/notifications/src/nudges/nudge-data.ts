/**
 * The callback_data of a nudge's vote buttons: `n:<eventId>:<option index>:<answer>:<mac>` (≤ 64
 * bytes; about 48 here). Unlike a group card's buttons, a nudge is one person's: the MAC (HMAC-SHA-256
 * keyed from INTERNAL_API_TOKEN, 96 bits) covers the recipient's Telegram id too, so the data is
 * worthless in anyone else's hands (a forwarded message, a forged tap): the check uses the tap's
 * `from.id`, which Telegram vouches for.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { VoteValue } from '@prost/contracts'
import { MAX_CALLBACK_DATA_BYTES } from '../cards/callback-data.js'

const ANSWER_CODES = { yes: 'y', maybe: 'm', no: 'n' } as const satisfies Record<VoteValue, string>
const ANSWERS: Record<string, VoteValue> = { y: 'yes', m: 'maybe', n: 'no' }
const MAC_CHARS = 16

export interface NudgeTap {
  eventId: string
  optionIndex: number
  answer: VoteValue
}

/** Its own key, derived from the shared secret, so a card's MAC never passes as a nudge's. */
export const nudgeKey = (secret: string) =>
  createHmac('sha256', secret).update('prost nudge buttons v1').digest()

const mac = (key: Buffer, body: string, telegramId: number) =>
  createHmac('sha256', key).update(`${body}|${telegramId}`).digest('base64url').slice(0, MAC_CHARS)

export function encodeNudgeTap(key: Buffer, tap: NudgeTap, telegramId: number): string {
  const body = `n:${tap.eventId}:${tap.optionIndex}:${ANSWER_CODES[tap.answer]}`
  return `${body}:${mac(key, body, telegramId)}`
}

const SHAPE = /^(n:([0-9a-f]{24}):(\d{1,2}):([ymn])):([A-Za-z0-9_-]{16})$/

/** The tap, if the data is well formed and was signed for this Telegram user; else null. */
export function decodeNudgeTap(key: Buffer, data: string | undefined, telegramId: number): NudgeTap | null {
  if (!data || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) return null
  const match = SHAPE.exec(data)
  if (!match) return null
  const [, body, eventId, index, answer, given] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  const expected = Buffer.from(mac(key, body, telegramId))
  if (!timingSafeEqual(expected, Buffer.from(given))) return null
  return { eventId, optionIndex: Number(index), answer: ANSWERS[answer]! }
}
