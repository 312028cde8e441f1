import { describe, expect, it } from 'vitest'
import type { Board } from '@prost/contracts'
import { cardKey, decodeCardTap } from './callback-data.js'
import { renderCard } from './card-render.js'

const key = cardKey('render-secret')
const ids = {
  event: '65a1b2c3d4e5f60718293a40',
  t1: '65a1b2c3d4e5f60718293a41',
  t2: '65a1b2c3d4e5f60718293a42',
  p1: '65a1b2c3d4e5f60718293a43',
  card: '65a1b2c3d4e5f60718293a4f',
}
const none = { yes: [], maybe: [], no: [] }
const zero = { yes: 0, maybe: 0, no: 0 }

function board(overrides: Partial<Board> = {}): Board {
  return {
    eventId: ids.event,
    eventVersion: 3,
    title: 'Friday beer',
    status: 'polling',
    visibility: 'private',
    hideResults: false,
    hideNames: false,
    view: 'full',
    organizerId: 'a',
    votingDeadline: '2031-01-01T12:00:00.000Z',
    final: null,
    timeOptions: [
      {
        id: ids.t1,
        startsAt: '2031-01-02T16:00:00.000Z',
        endsAt: '2031-01-02T18:00:00.000Z',
        counts: { yes: 2, maybe: 1, no: 0 },
        voters: {
          yes: [
            { id: 'a', name: 'Olga Petrova' },
            { id: 'b', name: 'Ivan' },
          ],
          maybe: [{ id: 'c', name: 'Petr' }],
          no: [],
        },
      },
      {
        id: ids.t2,
        startsAt: '2031-01-03T16:00:00.000Z',
        endsAt: '2031-01-03T18:00:00.000Z',
        counts: zero,
        voters: none,
      },
    ],
    placeOptions: [{ id: ids.p1, name: 'Punk Fiction', address: 'Main st 1', counts: zero, voters: none }],
    participants: [
      { id: 'a', name: 'Olga Petrova' },
      { id: 'b', name: 'Ivan' },
      { id: 'c', name: 'Petr' },
      { id: 'd', name: 'Dora' },
    ],
    notVoted: [{ id: 'd', name: 'Dora' }],
    bestTimeOptionId: ids.t1,
    bestPlaceOptionId: null,
    bestCombination: null,
    ...overrides,
  }
}

const ctx = (lang: 'en' | 'ru') => ({
  cardId: ids.card,
  lang,
  timeZone: 'Europe/Moscow',
  key,
  botUsername: 'ProstBot',
  publicUrl: 'https://prost.example',
})

describe('the poll card', () => {
  it('shows options in the event’s zone with counts and first names, the best option and the deadline', () => {
    const card = renderCard(board(), ctx('en'))
    expect(card.state).toBe('live')
    expect(card.text).toContain('🍻 Friday beer')
    expect(card.text).toContain('1. Thu 2 Jan, 19:00 (Europe/Moscow) — ✅ 2 · 🤔 1')
    expect(card.text).toContain('✅ Olga, Ivan · 🤔 Petr')
    expect(card.text).toContain('3. Punk Fiction, Main st 1 — ✅ 0 · 🤔 0')
    expect(card.text).toContain('⭐ Best so far: Thu 2 Jan, 19:00 (Europe/Moscow) × —')
    expect(card.text).toContain('🙋 3 of 4 voted')
    expect(card.text).toContain('⏳ Voting closes Wed 1 Jan, 15:00 (Europe/Moscow)')
  })

  it('has one row of yes / if need be / no per option, signed for this card, and Open in Prost', () => {
    const card = renderCard(board(), ctx('en'))
    const rows = card.markup.inline_keyboard
    expect(rows).toHaveLength(4)
    expect(rows[3]).toEqual([
      { text: '🍺 Open in Prost', url: `https://t.me/ProstBot?startapp=${ids.event}` },
    ])
    expect(rows[2]!.map((b) => decodeCardTap(key, b.callback_data))).toEqual([
      { cardId: ids.card, optionIndex: 2, answer: 'yes' },
      { cardId: ids.card, optionIndex: 2, answer: 'maybe' },
      { cardId: ids.card, optionIndex: 2, answer: 'no' },
    ])
    expect(card.options.map((o) => o.id)).toEqual([ids.t1, ids.t2, ids.p1])
  })

  it('speaks Russian, and the same board renders to the same hash', () => {
    const ru = renderCard(board(), ctx('ru'))
    expect(ru.text).toContain('Голосуйте кнопками')
    expect(ru.text).toContain('(Europe/Moscow)')
    expect(ru.markup.inline_keyboard.at(-1)![0]!.text).toBe('🍺 Открыть в Prost')
    expect(renderCard(board(), ctx('ru')).hash).toBe(ru.hash)
    expect(renderCard(board({ title: 'Other' }), ctx('ru')).hash).not.toBe(ru.hash)
  })

  it('names who is still missing by first name, in both languages, and drops the line once all voted', () => {
    const many = Array.from({ length: 10 }, (_, i) => ({ id: `m${i}`, name: `Name${i} Surname` }))
    const en = renderCard(board({ notVoted: [{ id: 'd', name: 'Dora Explorer' }] }), ctx('en'))
    expect(en.text).toContain('🙋 3 of 4 voted\n⌛ Still missing: Dora')
    const ru = renderCard(board({ participants: many, notVoted: many }), ctx('ru'))
    expect(ru.text).toContain(
      '⌛ Ещё не ответили: Name0, Name1, Name2, Name3, Name4, Name5, Name6, Name7, ещё 2',
    )
    const all = renderCard(board({ notVoted: [] }), ctx('en'))
    expect(all.text).toContain('🙋 4 of 4 voted')
    expect(all.text).not.toContain('Still missing')
  })

  describe('privacy (everyone in the group sees the card)', () => {
    it('with hideResults shows no counts, names or favourite while voting, in both languages', () => {
      for (const lang of ['en', 'ru'] as const) {
        const card = renderCard(board({ hideResults: true }), ctx(lang))
        expect(card.text).not.toMatch(/✅ \d|🤔 \d|Olga|Ivan|Petr/)
        expect(card.text).not.toMatch(/⭐/)
        expect(card.text).toContain(
          lang === 'en' ? '1. Thu 2 Jan, 19:00 (Europe/Moscow)\n' : '🙈 Результаты скрыты',
        )
        // Voting still works from the card.
        expect(card.markup.inline_keyboard).toHaveLength(4)
      }
      expect(renderCard(board({ hideResults: true }), ctx('en')).text).toContain('🙈 Results are hidden')
    })

    it('with hideNames shows counts only', () => {
      const card = renderCard(board({ hideNames: true }), ctx('en'))
      expect(card.text).toContain('1. Thu 2 Jan, 19:00 (Europe/Moscow) — ✅ 2 · 🤔 1')
      expect(card.text).not.toMatch(/Olga|Ivan|Petr/)
      expect(card.text).toContain('🕶 Anonymous voting')
    })

    it('shows the result once the event is decided, even with hideResults', () => {
      const final = renderCard(board({ hideResults: true, status: 'finalized', final: null }), ctx('en'))
      expect(final.state).toBe('final')
    })
  })

  it('turns into the final card (calendar, Open in Prost) and the cancelled card', () => {
    const final = renderCard(
      board({
        status: 'finalized',
        final: {
          timeOptionId: ids.t1,
          placeOptionId: ids.p1,
          startsAt: '2031-01-02T16:00:00.000Z',
          endsAt: '2031-01-02T18:00:00.000Z',
          place: { id: ids.p1, name: 'Punk Fiction', mapUrl: 'https://maps.example/pf' },
        },
      }),
      ctx('en'),
    )
    expect(final.state).toBe('final')
    expect(final.text).toBe(
      '✅ It is decided: Friday beer\n🗓 Thu 2 Jan, 19:00 (Europe/Moscow)\n📍 Punk Fiction\n🗺 https://maps.example/pf',
    )
    expect(final.markup.inline_keyboard).toEqual([
      [
        { text: '📅 Add to calendar', url: `https://prost.example/api/events/${ids.event}/ics` },
        { text: '🍺 Open in Prost', url: `https://t.me/ProstBot?startapp=${ids.event}` },
      ],
    ])
    const cancelled = renderCard(board({ status: 'cancelled' }), ctx('ru'))
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled.text).toContain('❌ Friday beer отменяется')
    expect(cancelled.markup.inline_keyboard.flat().map((b) => b.text)).toEqual(['🍺 Открыть в Prost'])
  })
})
