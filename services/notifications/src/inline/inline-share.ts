/**
 * Inline mode: `@<bot> <text>` in any chat lists the sender's own events that are still being voted
 * on and whose title contains the text (the Telegram user acts as their Prost account through the
 * internal session, like a card tap). Choosing one sends, as the user, the event's title, options and
 * invite link with an "Open in Prost" button. Telegram does not tell the bot which chat that went to
 * (chosen_inline_result has no chat), but the message itself reaches the bot in a group it is in,
 * even in privacy mode, because it was sent via the bot: bot.ts then posts the live card as /plan
 * <invite link> would. Someone with no events of their own gets an empty list and Telegram's
 * "switch to PM" button (start parameter `inline`), which opens the bot's private chat.
 */
import type { FastifyBaseLogger } from 'fastify'
import type { Event } from '@prost/contracts'
import { formatWhen, languageOf, type Lang } from '../telegram/messages.js'
import { telegramUserOf, type CallbackQueryLike } from '../cards/card-taps.js'
import { miniAppLink } from '../cards/card-render.js'
import type { ProstApi } from '../cards/prost-api.js'
import { inlineMessages } from './inline-messages.js'

/** Telegram shows at most 50 results per answer. */
const MAX_RESULTS = 50
/** Telegram's limit for a message text. */
const MAX_TEXT = 4096
/** The /start parameter of the "Open Prost" button (letters, digits, _ and - only). */
export const INLINE_START_PARAMETER = 'inline'

export interface InlineQueryLike {
  id: string
  from: CallbackQueryLike['from']
  query: string
}

export interface InlineAnswer {
  results: InlineArticle[]
  button?: { text: string; start_parameter: string }
}

export interface InlineArticle {
  type: 'article'
  id: string
  title: string
  description: string
  input_message_content: { message_text: string; link_preview_options: { is_disabled: boolean } }
  reply_markup: { inline_keyboard: { text: string; url: string }[][] }
}

export interface InlineShareOptions {
  api: ProstApi
  botUsername: string
  publicUrl: string
  log: FastifyBaseLogger
}

/** An invite link as the shared message carries it (bot.ts finds it in a message sent via the bot). */
export const inviteLink = (publicUrl: string, inviteToken: string) => `${publicUrl}/join/${inviteToken}`

export function createInlineShare({ api, botUsername, publicUrl, log }: InlineShareOptions) {
  function article(event: Event & { inviteToken: string }, lang: Lang): InlineArticle {
    const t = inlineMessages[lang]
    const lines = [`🍻 ${event.title}`]
    if (event.timeOptions.length > 0) {
      lines.push(
        '',
        t.when,
        ...event.timeOptions.map((o) => `• ${formatWhen(new Date(o.startsAt), event.timeZone, lang)}`),
      )
    }
    if (event.placeOptions.length > 0) {
      lines.push(
        '',
        t.where,
        ...event.placeOptions.map((p) => `• ${p.address ? `${p.name}, ${p.address}` : p.name}`),
      )
    }
    const vote = t.vote(inviteLink(publicUrl, event.inviteToken))
    let text = lines.join('\n')
    // The link must survive: it is what turns the message into a live card.
    if (text.length + vote.length + 2 > MAX_TEXT) text = `${text.slice(0, MAX_TEXT - vote.length - 3)}…`
    return {
      type: 'article',
      id: event.id,
      title: event.title,
      description: t.summary(event.timeOptions.length, event.placeOptions.length, event.participants.length),
      input_message_content: {
        message_text: `${text}\n\n${vote}`,
        link_preview_options: { is_disabled: true },
      },
      reply_markup: { inline_keyboard: [[{ text: t.openInProst, url: miniAppLink(botUsername, event.id) }]] },
    }
  }

  return {
    async answer(query: InlineQueryLike): Promise<InlineAnswer> {
      const lang = languageOf(query.from.language_code)
      const empty: InlineAnswer = {
        results: [],
        button: { text: inlineMessages[lang].openProst, start_parameter: INLINE_START_PARAMETER },
      }
      if (query.from.is_bot) return empty
      const needle = query.query.trim().toLocaleLowerCase()
      try {
        const as = await api.actAs(telegramUserOf(query.from))
        const mine = await api.myEvents(as)
        const candidates = mine.items
          .filter((e) => e.status === 'polling' && e.title.toLocaleLowerCase().includes(needle))
          .slice(0, MAX_RESULTS)
        // Summaries do not say who organizes; the event does (and carries the invite token only for them).
        const events = await Promise.all(candidates.map((c) => api.event(as, c.id).catch(() => null)))
        const own = events.filter(
          (e): e is Event & { inviteToken: string } =>
            e !== null && e.organizer.id === as.userId && typeof e.inviteToken === 'string',
        )
        if (own.length === 0) return empty
        return { results: own.map((e) => article(e, lang)) }
      } catch (error) {
        log.warn({ err: error, telegramId: query.from.id }, 'inline query not answered with events')
        return empty
      }
    },
  }
}
export type InlineShare = ReturnType<typeof createInlineShare>
