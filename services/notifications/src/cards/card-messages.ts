/** Every text of the group poll card and of the answers to its buttons, in English and Russian. */
import type { VoteValue } from '@prost/contracts'
import type { Lang } from '../telegram/messages.js'

export const ANSWER_ICON: Record<VoteValue, string> = { yes: '✅', maybe: '🤔', no: '❌' }

export const cardMessages = {
  en: {
    howTo: 'Tap to vote: ✅ yes · 🤔 if need be · ❌ no',
    when: '🗓 When',
    where: '📍 Where',
    best: (time: string, place: string) => `⭐ Best so far: ${time} × ${place}`,
    noBest: '⭐ No favourite yet: be the first to vote!',
    resultsHidden:
      '🙈 Results are hidden until the event is decided; in Prost you see them once you have voted.',
    namesHidden: '🕶 Anonymous voting: counts only.',
    deadline: (when: string) => `⏳ Voting closes ${when}`,
    votedCount: (voted: number, total: number) => `🙋 ${voted} of ${total} voted`,
    missing: (names: string) => `⌛ Still missing: ${names}`,
    more: (n: number) => `+${n} more`,
    decided: (title: string) => `✅ It is decided: ${title}`,
    cancelled: (title: string) => `❌ ${title} is cancelled. The beer will wait for next time 🍺`,
    openInProst: '🍺 Open in Prost',
    addToCalendar: '📅 Add to calendar',
    answers: { yes: 'Yes', maybe: 'If need be', no: 'No' } satisfies Record<VoteValue, string>,
    recorded: (answer: string, option: string) => `${answer}: ${option}. Recorded!`,
    invalidButton: 'This button is not valid (any more).',
    closed: 'Voting on this event is closed.',
    linkReplaced:
      'The invite link behind this card was replaced; ask the organizer to share the event again.',
    failed: 'Could not record your vote right now; please tap again.',
    busy: 'Too many taps at once; please tap again in a minute.',
    planUsage: 'Share a Prost event here: /plan <invite link>, or /plan <event id> if you organize it.',
    planPrivate: 'Add me to a group chat and type /plan <invite link> there to post a poll card.',
    planBadLink:
      'I do not know this invite link (it may have been replaced). Ask the organizer for the current one.',
    planNotOrganizer: 'Only the organizer can share an event by its id; share the invite link instead.',
    planNotFound: 'I cannot find this event.',
    planFailed: 'Could not post the poll card right now; please try again in a minute.',
    planOff: 'Poll cards are not set up on this Prost server.',
  },
  ru: {
    howTo: 'Голосуйте кнопками: ✅ да · 🤔 если что · ❌ нет',
    when: '🗓 Когда',
    where: '📍 Где',
    best: (time: string, place: string) => `⭐ Пока лидирует: ${time} × ${place}`,
    noBest: '⭐ Лидера пока нет: проголосуйте первым!',
    resultsHidden: '🙈 Результаты скрыты до решения; в Prost они видны, когда вы проголосуете.',
    namesHidden: '🕶 Анонимное голосование: только числа.',
    deadline: (when: string) => `⏳ Голосование до ${when}`,
    votedCount: (voted: number, total: number) => `🙋 Проголосовали ${voted} из ${total}`,
    missing: (names: string) => `⌛ Ещё не ответили: ${names}`,
    more: (n: number) => `ещё ${n}`,
    decided: (title: string) => `✅ Решено: ${title}`,
    cancelled: (title: string) => `❌ ${title} отменяется. Пиво подождёт до следующего раза 🍺`,
    openInProst: '🍺 Открыть в Prost',
    addToCalendar: '📅 В календарь',
    answers: { yes: 'Да', maybe: 'Если что', no: 'Нет' } satisfies Record<VoteValue, string>,
    recorded: (answer: string, option: string) => `${answer}: ${option}. Записал!`,
    invalidButton: 'Эта кнопка недействительна (уже).',
    closed: 'Голосование по этой встрече закрыто.',
    linkReplaced:
      'Ссылка-приглашение этой карточки заменена; попросите организатора поделиться встречей снова.',
    failed: 'Не получилось записать голос; нажмите ещё раз.',
    busy: 'Слишком много нажатий разом; нажмите ещё раз через минуту.',
    planUsage:
      'Поделитесь встречей из Prost: /plan <ссылка-приглашение> или /plan <id встречи>, если вы её организатор.',
    planPrivate:
      'Добавьте меня в групповой чат и напишите там /plan <ссылка-приглашение>, чтобы опубликовать карточку.',
    planBadLink: 'Не знаю такой ссылки (возможно, её заменили). Попросите у организатора актуальную.',
    planNotOrganizer: 'По id делиться встречей может только организатор; отправьте ссылку-приглашение.',
    planNotFound: 'Не нахожу такую встречу.',
    planFailed: 'Не получилось опубликовать карточку; попробуйте через минуту.',
    planOff: 'Карточки голосования на этом сервере Prost не настроены.',
  },
} satisfies Record<Lang, Record<string, unknown>>
export type CardMessages = (typeof cardMessages)[Lang]
