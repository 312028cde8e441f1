/** The texts of inline mode (`@<bot> <title>` in any chat), in English and Russian. */
import type { Lang } from '../telegram/messages.js'

export const inlineMessages = {
  en: {
    openProst: '🍺 Open Prost to plan a meetup',
    summary: (times: number, places: number, people: number) =>
      `${times} time(s) · ${places} place(s) · ${people} in`,
    when: '🗓 When',
    where: '📍 Where',
    vote: (link: string) => `🗳 Vote in Prost: ${link}`,
    openInProst: '🍺 Open in Prost',
  },
  ru: {
    openProst: '🍺 Открыть Prost и запланировать встречу',
    summary: (times: number, places: number, people: number) =>
      `вариантов времени: ${times} · мест: ${places} · участников: ${people}`,
    when: '🗓 Когда',
    where: '📍 Где',
    vote: (link: string) => `🗳 Голосовать в Prost: ${link}`,
    openInProst: '🍺 Открыть в Prost',
  },
} satisfies Record<Lang, Record<string, unknown>>
