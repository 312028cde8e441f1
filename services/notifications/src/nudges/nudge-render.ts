/**
 * The deadline nudge as its recipient sees it: the event's title and deadline (in the event's zone,
 * named), the options numbered like a group card's, one compact row of yes / if need be / no per
 * option, and "Open in Prost". Buttons are signed for this recipient only (nudge-data.ts).
 */
import type { Board } from '@prost/contracts'
import { formatWhen, type Lang } from '../telegram/messages.js'
import { ANSWER_ICON } from '../cards/card-messages.js'
import { miniAppLink, type InlineButton, type InlineKeyboard } from '../cards/card-render.js'
import { encodeNudgeTap } from './nudge-data.js'
import { nudgeMessages } from './nudge-messages.js'

export interface RenderedNudge {
  text: string
  markup: InlineKeyboard
  /** The option id behind each button row, in order (a tap names an index into this). */
  options: string[]
}

export interface NudgeRenderContext {
  lang: Lang
  timeZone: string
  key: Buffer
  botUsername: string
  /** The recipient's Telegram id: the buttons work for them only. */
  telegramId: number
}

export function renderNudge(board: Board, ctx: NudgeRenderContext): RenderedNudge {
  const t = nudgeMessages[ctx.lang]
  const when = (iso: string) => formatWhen(new Date(iso), ctx.timeZone, ctx.lang)
  const lines = [t.nudge(board.title, board.votingDeadline ? when(board.votingDeadline) : '')]
  const options = [
    ...board.timeOptions.map((o) => ({ id: o.id, label: when(o.startsAt) })),
    ...board.placeOptions.map((o) => ({ id: o.id, label: o.address ? `${o.name}, ${o.address}` : o.name })),
  ]
  const section = (title: string, from: number, to: number) => {
    if (from === to) return
    lines.push('', title)
    for (let i = from; i < to; i++) lines.push(`${i + 1}. ${options[i]!.label}`)
  }
  section(t.when, 0, board.timeOptions.length)
  section(t.where, board.timeOptions.length, options.length)
  const rows: InlineButton[][] = options.map((_, index) =>
    (['yes', 'maybe', 'no'] as const).map((answer) => ({
      text: `${ANSWER_ICON[answer]} ${index + 1}`,
      callback_data: encodeNudgeTap(
        ctx.key,
        { eventId: board.eventId, optionIndex: index, answer },
        ctx.telegramId,
      ),
    })),
  )
  rows.push([{ text: t.openInProst, url: miniAppLink(ctx.botUsername, board.eventId) }])
  return { text: lines.join('\n'), markup: { inline_keyboard: rows }, options: options.map((o) => o.id) }
}
