/** The three RSVP buttons for one recipient, in one row (signed for their Telegram id). */
import type { RsvpAnswer } from '@prost/contracts'
import type { Lang } from '../telegram/messages.js'
import { encodeRsvpTap } from './rsvp-data.js'
import { rsvpMessages } from './rsvp-messages.js'

const ORDER: RsvpAnswer[] = ['coming', 'late', 'cannot']

export function rsvpKeyboard(key: Buffer, eventId: string, telegramId: number, lang: Lang) {
  const t = rsvpMessages[lang]
  return {
    inline_keyboard: [
      ORDER.map((answer) => ({
        text: t.buttons[answer],
        callback_data: encodeRsvpTap(key, { eventId, answer }, telegramId),
      })),
    ],
  }
}
