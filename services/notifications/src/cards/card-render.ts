/**
 * The poll card as Telegram shows it, rendered from voting's board: the text (title, every time and
 * place option with counts and first names, the best time × place, the deadline) and the inline
 * keyboard (per option one row: yes / if need be / no; then "Open in Prost"). A finalized event
 * renders the final card ("Add to calendar", "Open in Prost"), a cancelled one the cancelled card.
 * Plain text (no parse_mode), so names need no escaping. The hash lets the editor skip a render
 * equal to what the message already shows.
 */
import { createHash } from 'node:crypto'
import { ANYONE, boardFor, type Board, type OptionVoters, type Tally, type VoteValue } from '@prost/contracts'
import { formatWhen, type Lang } from '../telegram/messages.js'
import { encodeCardTap } from './callback-data.js'
import { ANSWER_ICON, cardMessages } from './card-messages.js'
import { rsvpLines, type CardRsvp } from '../rsvp/rsvp-card.js'

/** Telegram's limit for a message text. */
const MAX_TEXT = 4096
/** Names shown per answer before "+N more". */
const MAX_NAMES = 8

export interface InlineButton {
  text: string
  callback_data?: string
  url?: string
}
export interface InlineKeyboard {
  inline_keyboard: InlineButton[][]
}

export interface RenderedCard {
  text: string
  markup: InlineKeyboard
  /** The option behind each button row, in order (a tap names an index into this). */
  options: CardOption[]
  state: 'live' | 'final' | 'cancelled'
  hash: string
}

/** An option as a tap's answer names it: a time (in the card's zone) or a place. */
export interface CardOption {
  id: string
  startsAt?: string
  place?: string
}

export interface CardRenderContext {
  cardId: string
  lang: Lang
  timeZone: string
  key: Buffer
  botUsername: string
  /** Prost's public origin, for the calendar link. */
  publicUrl: string
  /** RSVP answers, shown on the final card only. */
  rsvps?: CardRsvp[]
}

const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name

export const miniAppLink = (botUsername: string, eventId: string) =>
  `https://t.me/${botUsername}?startapp=${eventId}`

export const hashCard = (text: string, markup: InlineKeyboard) =>
  createHash('sha256')
    .update(JSON.stringify([text, markup]))
    .digest('hex')

function placeLabel(place: { name: string; address?: string }) {
  return place.address ? `${place.name}, ${place.address}` : place.name
}

/**
 * Everyone in the group sees the card, so it shows what a participant who has not voted may see
 * (the event's privacy settings): with hideResults no counts, names or favourite until the event is
 * decided; with hideNames counts without names. The board may come whole or already reduced.
 */
export function renderCard(whole: Board, ctx: CardRenderContext): RenderedCard {
  const board = boardFor(whole, ANYONE)
  const hidden = board.view === 'results-hidden'
  const t = cardMessages[ctx.lang]
  const when = (iso: string) => formatWhen(new Date(iso), ctx.timeZone, ctx.lang)
  const openInProst: InlineButton = { text: t.openInProst, url: miniAppLink(ctx.botUsername, board.eventId) }

  if (board.status !== 'polling') {
    const lines = board.status === 'cancelled' ? [t.cancelled(board.title)] : [t.decided(board.title)]
    const buttons: InlineButton[] = []
    if (board.status === 'finalized' && board.final) {
      const place = board.final.place
      lines.push(`🗓 ${when(board.final.startsAt)}`)
      lines.push(`📍 ${placeLabel(place)}`)
      if (place.mapUrl) lines.push(`🗺 ${place.mapUrl}`)
      lines.push(...rsvpLines(ctx.rsvps, ctx.lang))
      buttons.push({ text: t.addToCalendar, url: `${ctx.publicUrl}/api/events/${board.eventId}/ics` })
    }
    buttons.push(openInProst)
    const markup = { inline_keyboard: [buttons] }
    const text = clip(lines.join('\n'))
    return {
      text,
      markup,
      options: [],
      state: board.status === 'cancelled' ? 'cancelled' : 'final',
      hash: hashCard(text, markup),
    }
  }

  const options = [
    ...board.timeOptions.map((o) => ({
      id: o.id,
      label: when(o.startsAt),
      counts: o.counts,
      voters: o.voters,
    })),
    ...board.placeOptions.map((o) => ({
      id: o.id,
      label: placeLabel(o),
      counts: o.counts,
      voters: o.voters,
    })),
  ]
  const lines = [`🍻 ${board.title}`, t.howTo]
  const section = (title: string, from: number, to: number) => {
    if (from === to) return
    lines.push('', title)
    for (let i = from; i < to; i++) {
      const o = options[i]!
      lines.push(hidden ? `${i + 1}. ${o.label}` : `${i + 1}. ${o.label} — ${tally(o.counts)}`)
      const names = voterLine(o.voters, t.more)
      if (names) lines.push(`    ${names}`)
    }
  }
  section(t.when, 0, board.timeOptions.length)
  section(t.where, board.timeOptions.length, options.length)
  lines.push('')
  const bestTime = options.find((o) => o.id === board.bestTimeOptionId)
  const bestPlace = options.find((o) => o.id === board.bestPlaceOptionId)
  if (hidden) lines.push(t.resultsHidden)
  else {
    if (board.view === 'names-hidden') lines.push(t.namesHidden)
    lines.push(bestTime || bestPlace ? t.best(bestTime?.label ?? '—', bestPlace?.label ?? '—') : t.noBest)
  }
  const total = board.participants.length
  lines.push(t.votedCount(total - board.notVoted.length, total))
  if (board.notVoted.length > 0) lines.push(t.missing(nameList(board.notVoted, t.more)))
  if (board.votingDeadline) lines.push(t.deadline(when(board.votingDeadline)))

  const rows: InlineButton[][] = options.map((o, index) =>
    (['yes', 'maybe', 'no'] as const).map((answer) => ({
      text: `${ANSWER_ICON[answer]} ${index + 1}`,
      callback_data: encodeCardTap(ctx.key, { cardId: ctx.cardId, optionIndex: index, answer }),
    })),
  )
  rows.push([openInProst])
  const markup = { inline_keyboard: rows }
  const text = clip(lines.join('\n'))
  const cardOptions: CardOption[] = [
    ...board.timeOptions.map((o) => ({ id: o.id, startsAt: o.startsAt })),
    ...board.placeOptions.map((o) => ({ id: o.id, place: placeLabel(o) })),
  ]
  return { text, markup, options: cardOptions, state: 'live', hash: hashCard(text, markup) }
}

const tally = (c: Tally) => `${ANSWER_ICON.yes} ${c.yes} · ${ANSWER_ICON.maybe} ${c.maybe}`

/** First names, the first MAX_NAMES of them, then "+N more". */
function nameList(people: readonly { name: string }[], more: (n: number) => string) {
  const shown = people.slice(0, MAX_NAMES).map((v) => firstName(v.name))
  if (people.length > MAX_NAMES) shown.push(more(people.length - MAX_NAMES))
  return shown.join(', ')
}

/** Who said yes and if-need-be, by first name (the board shows the same names to participants). */
function voterLine(voters: OptionVoters, more: (n: number) => string) {
  const part = (answer: VoteValue) => {
    const list = voters[answer]
    if (list.length === 0) return null
    return `${ANSWER_ICON[answer]} ${nameList(list, more)}`
  }
  return [part('yes'), part('maybe')].filter(Boolean).join(' · ')
}

const clip = (text: string) => (text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text)

/** An option in the tapper's language, for the answer to their tap. */
export const describeOption = (option: CardOption, timeZone: string, lang: Lang) =>
  option.startsAt ? formatWhen(new Date(option.startsAt), timeZone, lang) : (option.place ?? '')
