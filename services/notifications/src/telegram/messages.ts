/** Every text the bot sends, in English and Russian: short, friendly, a little beer-humoured. */
export type Lang = 'en' | 'ru'

export const languageOf = (code: string | undefined | null): Lang =>
  code?.toLowerCase().startsWith('ru') ? 'ru' : 'en'

export interface MeetupFacts {
  title: string
  /** Start in the event's own time zone, already formatted. */
  when: string
  placeName: string | null
  address?: string | null
  mapUrl?: string | null
  icsUrl?: string
  /** The event's page in the SPA (where to vote). */
  pageUrl?: string
  /** Minutes until the start, when the message is composed. */
  minutesLeft?: number
}

const inEn = (m = 60) =>
  m >= 55 && m <= 65 ? 'in an hour' : m >= 120 ? `in ${Math.round(m / 60)} hours` : `in ${m} min`
const inRu = (m = 60) =>
  m >= 55 && m <= 65 ? 'через час' : m >= 120 ? `через ${Math.round(m / 60)} ч` : `через ${m} мин`
const paren = (when: string) => (when ? ` (${when})` : '')

const where = (f: MeetupFacts) => [f.placeName, f.address].filter(Boolean).join(', ')

export const messages = {
  en: {
    linked: '🍺 Cheers! Telegram is linked. I will ping you an hour before every meetup.',
    linkExpired: '⏳ This link went flat (it expired). Make a fresh one in Prost and tap it again.',
    linkUsed: '🍻 This link has already been poured. Make a fresh one in Prost if you need to link again.',
    linkUnknown: '🤔 I do not know this link. Open Prost and tap “Link Telegram” to get a fresh one.',
    welcome:
      '👋 Hi! I am the Prost bot. Link me from the Prost app (“Link Telegram”) and I will remind you about meetups.',
    unlinked: '👋 Unlinked. No more reminders from me, but the tap is always open: link again any time.',
    notLinked: 'You have not linked Telegram yet. Open Prost and tap “Link Telegram”.',
    noEvents: '🫗 No upcoming meetups. Time to propose one?',
    eventsHeader: '🗓 Your upcoming meetups:',
    eventLine: (f: MeetupFacts) => `• ${f.title} — ${f.when}${f.placeName ? `, ${where(f)}` : ''}`,
    help: 'I understand:\n/events — your upcoming meetups\n/stop — unlink this chat\nTo link, use “Link Telegram” in Prost.',
    reminder: (f: MeetupFacts) =>
      `⏰ ${f.title} starts ${inEn(f.minutesLeft)}${paren(f.when)}${f.placeName ? ` at ${where(f)}` : ''}.${f.mapUrl ? `\n🗺 ${f.mapUrl}` : ''}\nThe first round is on whoever is late 🍺`,
    finalized: (f: MeetupFacts) =>
      `✅ It is decided: ${f.title}\n🗓 ${f.when}${f.placeName ? `\n📍 ${where(f)}` : ''}${f.mapUrl ? `\n🗺 ${f.mapUrl}` : ''}${f.icsUrl ? `\n📅 Add to calendar: ${f.icsUrl}` : ''}`,
    moved: (f: MeetupFacts) =>
      `🔁 Moved: ${f.title}\n🗓 Now: ${f.when}${f.placeName ? `\n📍 ${where(f)}` : ''}${f.mapUrl ? `\n🗺 ${f.mapUrl}` : ''}${f.icsUrl ? `\n📅 Update your calendar: ${f.icsUrl}` : ''}`,
    cancelled: (f: MeetupFacts) =>
      `❌ ${f.title}${paren(f.when)} is cancelled. The beer will wait for next time 🍺`,
    allVoted: (f: MeetupFacts) => `🙌 Everyone has answered: ${f.title}. Time to pick the time and place!`,
    undecided: (f: MeetupFacts) =>
      `🤷 ${f.title}: voting has closed, but no time or place got a yes or if-need-be from anyone, so I did not decide. Over to you: pick one in Prost.`,
    seriesPoll: (f: MeetupFacts) =>
      `🔁 Next round of ${f.title}${paren(f.when)}: the poll is open. Are you in?${f.pageUrl ? `\n🗳 Vote: ${f.pageUrl}` : ''}`,
  },
  ru: {
    linked: '🍺 Прозит! Telegram привязан. Напомню за час до каждой встречи.',
    linkExpired: '⏳ Эта ссылка выдохлась (истёк срок). Создайте новую в Prost и нажмите ещё раз.',
    linkUsed: '🍻 Эту ссылку уже разлили. Если нужно привязать снова, создайте новую в Prost.',
    linkUnknown: '🤔 Не знаю такой ссылки. Откройте Prost и нажмите «Привязать Telegram».',
    welcome:
      '👋 Привет! Я бот Prost. Привяжите меня в приложении («Привязать Telegram»), и я буду напоминать о встречах.',
    unlinked:
      '👋 Отвязал. Напоминаний больше не будет, но кран всегда открыт: привязывайтесь снова в любой момент.',
    notLinked: 'Telegram ещё не привязан. Откройте Prost и нажмите «Привязать Telegram».',
    noEvents: '🫗 Ближайших встреч нет. Может, предложите?',
    eventsHeader: '🗓 Ваши ближайшие встречи:',
    eventLine: (f: MeetupFacts) => `• ${f.title} — ${f.when}${f.placeName ? `, ${where(f)}` : ''}`,
    help: 'Я понимаю:\n/events — ближайшие встречи\n/stop — отвязать этот чат\nЧтобы привязать, нажмите «Привязать Telegram» в Prost.',
    reminder: (f: MeetupFacts) =>
      `⏰ ${f.title} ${inRu(f.minutesLeft)}${paren(f.when)}${f.placeName ? `, ${where(f)}` : ''}.${f.mapUrl ? `\n🗺 ${f.mapUrl}` : ''}\nКто опоздает — угощает первым 🍺`,
    finalized: (f: MeetupFacts) =>
      `✅ Решено: ${f.title}\n🗓 ${f.when}${f.placeName ? `\n📍 ${where(f)}` : ''}${f.mapUrl ? `\n🗺 ${f.mapUrl}` : ''}${f.icsUrl ? `\n📅 В календарь: ${f.icsUrl}` : ''}`,
    moved: (f: MeetupFacts) =>
      `🔁 Перенос: ${f.title}\n🗓 Теперь: ${f.when}${f.placeName ? `\n📍 ${where(f)}` : ''}${f.mapUrl ? `\n🗺 ${f.mapUrl}` : ''}${f.icsUrl ? `\n📅 Обновить в календаре: ${f.icsUrl}` : ''}`,
    cancelled: (f: MeetupFacts) =>
      `❌ ${f.title}${paren(f.when)} отменяется. Пиво подождёт до следующего раза 🍺`,
    allVoted: (f: MeetupFacts) => `🙌 Ответили все: ${f.title}. Пора выбрать время и место!`,
    undecided: (f: MeetupFacts) =>
      `🤷 ${f.title}: голосование закрыто, но ни время, ни место не получили ни «да», ни «если что», поэтому я не стал решать. Выберите сами в Prost.`,
    seriesPoll: (f: MeetupFacts) =>
      `🔁 Следующая встреча «${f.title}»${paren(f.when)}: голосование открыто. Вы с нами?${f.pageUrl ? `\n🗳 Голосовать: ${f.pageUrl}` : ''}`,
  },
} satisfies Record<Lang, Record<string, string | ((f: MeetupFacts) => string)>>

/** "Fri, 5 Jun, 19:00 (Europe/Berlin)" in the reader's language and the event's time zone. */
// Building an Intl.DateTimeFormat costs about a millisecond: one per language and zone, kept (a
// burst of 10,000 reminders built two per message, a tenth of the sender's CPU).
const whenFormats = new Map<string, { zone: string; format: Intl.DateTimeFormat }>()

function whenFormat(timeZone: string, lang: Lang) {
  const key = `${lang}|${timeZone}`
  let known = whenFormats.get(key)
  if (!known) {
    let zone = timeZone
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone })
    } catch {
      zone = 'UTC'
    }
    const format = new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    })
    // Zones come from stored events (a few hundred exist); the cap only guards against the unexpected.
    if (whenFormats.size >= 1_000) whenFormats.clear()
    whenFormats.set(key, (known = { zone, format }))
  }
  return known
}

export function formatWhen(startsAt: Date, timeZone: string, lang: Lang): string {
  const { zone, format } = whenFormat(timeZone, lang)
  return `${format.format(startsAt)} (${zone})`
}
