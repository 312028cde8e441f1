/** The "a place came free, you are in" notice to whoever moves up from a waitlist, EN and RU. */
import type { Lang, MeetupFacts } from '../telegram/messages.js'

const where = (f: MeetupFacts) => [f.placeName, f.address].filter(Boolean).join(', ')

export const waitlistMessages = {
  en: {
    promoted: (f: MeetupFacts) =>
      `🎟 A place came free: you are in for ${f.title}!\n🗓 ${f.when}${f.placeName ? `\n📍 ${where(f)}` : ''}${f.icsUrl ? `\n📅 Add to calendar: ${f.icsUrl}` : ''}`,
  },
  ru: {
    promoted: (f: MeetupFacts) =>
      `🎟 Освободилось место: вы идёте на «${f.title}»!\n🗓 ${f.when}${f.placeName ? `\n📍 ${where(f)}` : ''}${f.icsUrl ? `\n📅 В календарь: ${f.icsUrl}` : ''}`,
  },
} satisfies Record<Lang, { promoted: (f: MeetupFacts) => string }>
