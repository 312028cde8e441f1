/**
 * The callback_data of a card's vote buttons: `v:<card>:<option index>:<answer>:<mac>`, at most 64
 * bytes as Telegram requires (about 35 here). The card id is the card's ObjectId in base64url (16
 * characters), so a tap names one card, not just an event; the MAC (HMAC-SHA-256 with a key derived
 * from INTERNAL_API_TOKEN, truncated to 72 bits) makes data nobody here signed worthless: it cannot
 * be pointed at another card, option or answer. Who votes is the tap's `from`, which Telegram vouches
 * for (the webhook secret), never anything in the data.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { VoteValue } from '@prost/contracts'

const ANSWER_CODES = { yes: 'y', maybe: 'm', no: 'n' } as const satisfies Record<VoteValue, string>
const ANSWERS: Record<string, VoteValue> = { y: 'yes', m: 'maybe', n: 'no' }
const MAC_CHARS = 12
/** Telegram's limit for callback_data, in bytes. */
export const MAX_CALLBACK_DATA_BYTES = 64

export interface CardTap {
  cardId: string
  optionIndex: number
  answer: VoteValue
}

/** The signing key for card buttons, derived so the shared secret itself never signs anything. */
export const cardKey = (secret: string) =>
  createHmac('sha256', secret).update('prost card buttons v1').digest()

const mac = (key: Buffer, body: string) =>
  createHmac('sha256', key).update(body).digest('base64url').slice(0, MAC_CHARS)

export function encodeCardTap(key: Buffer, tap: CardTap): string {
  const card = Buffer.from(tap.cardId, 'hex').toString('base64url')
  const body = `v:${card}:${tap.optionIndex}:${ANSWER_CODES[tap.answer]}`
  return `${body}:${mac(key, body)}`
}

const SHAPE = /^v:([A-Za-z0-9_-]{16}):(\d{1,2}):([ymn]):([A-Za-z0-9_-]{12})$/

/** The tap the data describes, or null when it is malformed or not signed by us. */
export function decodeCardTap(key: Buffer, data: string | undefined): CardTap | null {
  if (!data || Buffer.byteLength(data) > MAX_CALLBACK_DATA_BYTES) return null
  const match = SHAPE.exec(data)
  if (!match) return null
  const [, card, index, answer, given] = match as unknown as [string, string, string, string, string]
  const expected = Buffer.from(mac(key, `v:${card}:${index}:${answer}`))
  if (!timingSafeEqual(expected, Buffer.from(given))) return null
  const cardId = Buffer.from(card, 'base64url').toString('hex')
  if (cardId.length !== 24) return null
  return { cardId, optionIndex: Number(index), answer: ANSWERS[answer]! }
}
