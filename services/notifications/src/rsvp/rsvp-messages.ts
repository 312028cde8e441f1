/** Every RSVP text (buttons, answers to taps, the organizer's "running late" note, card lines), EN and RU. */
import type { RsvpAnswer } from '@prost/contracts'
import type { Lang } from '../telegram/messages.js'

export const RSVP_ICON: Record<RsvpAnswer, string> = { coming: '👍', late: '🏃', cannot: '🙅' }

export const rsvpMessages = {
  en: {
    buttons: { coming: "👍 I'm coming", late: '🏃 Running late', cannot: "🙅 Can't make it" },
    recorded: {
      coming: "👍 Recorded: you're coming. See you there!",
      late: '🏃 Recorded: running late. I told the organizer.',
      cannot: "🙅 Recorded: you can't make it. Next round then!",
    },
    invalid: 'This button is not valid (any more).',
    notDecided: 'This meetup is not decided yet, or it was cancelled.',
    notParticipant: 'You are not (any more) in this meetup.',
    failed: 'Could not record your answer right now; please tap again.',
    late: (name: string, title: string) => `🏃 ${name} is running late for ${title}.`,
    cardHeader: '🙋 Who is coming',
    cardLine: { coming: 'Coming', late: 'Running late', cannot: "Can't make it" },
  },
  ru: {
    buttons: { coming: '👍 Приду', late: '🏃 Опаздываю', cannot: '🙅 Не смогу' },
    recorded: {
      coming: '👍 Записал: вы придёте. До встречи!',
      late: '🏃 Записал: опаздываете. Организатору я сообщил.',
      cannot: '🙅 Записал: не сможете. В следующий раз!',
    },
    invalid: 'Эта кнопка недействительна (уже).',
    notDecided: 'Эта встреча ещё не решена или отменена.',
    notParticipant: 'Вы не участник этой встречи (уже).',
    failed: 'Не получилось записать ответ; нажмите ещё раз.',
    late: (name: string, title: string) => `🏃 ${name} опаздывает на «${title}».`,
    cardHeader: '🙋 Кто придёт',
    cardLine: { coming: 'Придут', late: 'Опаздывают', cannot: 'Не смогут' },
  },
} satisfies Record<Lang, Record<string, unknown>>
