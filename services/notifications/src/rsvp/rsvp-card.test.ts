import { describe, expect, it } from 'vitest'
import { rsvpLines } from './rsvp-card.js'

describe('RSVP lines of the final card', () => {
  it('groups first names by answer, in English and Russian, and shows nothing without answers', () => {
    const rsvps = [
      { name: 'Olga Petrova', rsvp: 'late' as const },
      { name: 'Ivan', rsvp: 'coming' as const },
      { name: 'Anna', rsvp: 'coming' as const },
    ]
    expect(rsvpLines(rsvps, 'en')).toEqual([
      '',
      '🙋 Who is coming',
      '👍 Coming (2): Ivan, Anna',
      '🏃 Running late (1): Olga',
    ])
    expect(rsvpLines(rsvps, 'ru')).toEqual([
      '',
      '🙋 Кто придёт',
      '👍 Придут (2): Ivan, Anna',
      '🏃 Опаздывают (1): Olga',
    ])
    expect(rsvpLines([], 'en')).toEqual([])
    expect(rsvpLines(undefined, 'ru')).toEqual([])
  })

  it('names at most eight per answer and counts the rest', () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ name: `P${i}`, rsvp: 'cannot' as const }))
    expect(rsvpLines(many, 'en')[2]).toBe("🙅 Can't make it (11): P0, P1, P2, P3, P4, P5, P6, P7 +3")
  })
})
