import { describe, expect, it } from 'vitest'
import { en, ru } from './dictionary'

describe('wording', () => {
  it('calls the middle answer the same everywhere: "If need be" / «Если придётся»', () => {
    for (const [dictionary, word] of [
      [en, 'If need be'],
      [ru, 'Если придётся'],
    ] as const) {
      expect(dictionary['vote.maybe']).toBe(word)
      // The compact label on the vote buttons is the same word, not a different one ("Maybe", «Может»).
      expect(dictionary['vote.shortMaybe']).toBe(word)
      // Texts that list the answers use it too.
      for (const key of ['form.timesHint', 'hero.lead'] as const)
        expect(dictionary[key].toLowerCase(), key).toContain(word.toLowerCase())
      const other = Object.entries(dictionary).filter(([, text]) =>
        /\bmaybe\b|\bможет\b|если нужно/i.test(text),
      )
      expect(other).toEqual([])
    }
  })
})
