/**
 * The RSVP lines of a final group card: who is coming, running late, can't make it (first names, as
 * the card shows voters). The answers come from events' messages (the cards' queue stores them on the
 * card), so the card needs no extra call per render.
 */
import type { RsvpAnswer } from '@prost/contracts'
import type { Lang } from '../telegram/messages.js'
import { RSVP_ICON, rsvpMessages } from './rsvp-messages.js'

export interface CardRsvp {
  name: string
  rsvp: RsvpAnswer
}

const MAX_NAMES = 8
const firstName = (name: string) => name.trim().split(/\s+/)[0] ?? name

export function rsvpLines(rsvps: CardRsvp[] | undefined, lang: Lang): string[] {
  if (!rsvps || rsvps.length === 0) return []
  const t = rsvpMessages[lang]
  const lines = ['', t.cardHeader]
  for (const answer of ['coming', 'late', 'cannot'] as const) {
    const names = rsvps.filter((r) => r.rsvp === answer).map((r) => firstName(r.name))
    if (names.length === 0) continue
    const shown = names.slice(0, MAX_NAMES).join(', ')
    const more = names.length > MAX_NAMES ? ` +${names.length - MAX_NAMES}` : ''
    lines.push(`${RSVP_ICON[answer]} ${t.cardLine[answer]} (${names.length}): ${shown}${more}`)
  }
  return lines
}
