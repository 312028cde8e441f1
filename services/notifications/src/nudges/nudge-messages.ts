/** Texts of the deadline nudge and of the answers to its buttons, in English and Russian. */
import type { Lang } from '../telegram/messages.js'

export const nudgeMessages = {
  en: {
    nudge: (title: string, deadline: string) =>
      `⏳ ${title}: voting closes ${deadline}, and your vote is still missing.\nTap ✅ yes · 🤔 if need be · ❌ no for each option:`,
    when: '🗓 When',
    where: '📍 Where',
    openInProst: '🍺 Open in Prost',
  },
  ru: {
    nudge: (title: string, deadline: string) =>
      `⏳ ${title}: голосование до ${deadline}, а вашего голоса ещё нет.\nНажмите ✅ да · 🤔 если что · ❌ нет по каждому варианту:`,
    when: '🗓 Когда',
    where: '📍 Где',
    openInProst: '🍺 Открыть в Prost',
  },
} satisfies Record<Lang, Record<string, unknown>>

/** Answers to a nudge tap that the card taps' texts do not cover. */
export const nudgeTapMessages = {
  en: {
    openProst: 'This Telegram account is not the one invited here; please vote in Prost (Open in Prost).',
  },
  ru: { openProst: 'Этот аккаунт Telegram не тот, что приглашён; проголосуйте в Prost («Открыть в Prost»).' },
} satisfies Record<Lang, Record<string, string>>
