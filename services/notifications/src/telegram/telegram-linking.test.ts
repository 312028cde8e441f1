import { describe, expect, it } from 'vitest'
import { languageTag } from './telegram-linking.js'

describe('languageTag', () => {
  it('keeps the language tags Telegram sends', () => {
    for (const code of ['en', 'ru', 'pt-br', 'zh-hans', 'de-DE']) expect(languageTag(code)).toBe(code)
  })

  it('stores nothing for a missing code or one that is not a language tag', () => {
    for (const code of [
      undefined,
      null,
      '',
      'en\u0000',
      'ru\n',
      'e',
      'x'.repeat(40),
      'en--us',
      '{"$gt":""}',
      'zz-\ud800',
    ])
      expect(languageTag(code)).toBeNull()
  })
})
