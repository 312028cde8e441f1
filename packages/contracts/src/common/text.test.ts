import { describe, expect, it } from 'vitest'
import { Value } from '@sinclair/typebox/value'
import { MultiLineText, SingleLineText, isMultiLineText, isSingleLineText, toSingleLineText } from './text.js'

/** Refused by both formats. */
const NEVER = {
  NUL: 'a\u0000b',
  'C0 (bell)': 'a\u0007b',
  'vertical tab': 'a\u000bb',
  'form feed': 'a\u000cb',
  'carriage return': 'a\rb',
  CRLF: 'a\r\nb',
  escape: 'a\u001b[31mb',
  DEL: 'a\u007fb',
  'C1 (NEL)': 'a\u0085b',
  'C1 (U+009F)': 'a\u009fb',
  'line separator': 'a\u2028b',
  'paragraph separator': 'a\u2029b',
  'lone high surrogate': 'zz-\ud800x',
  'lone high surrogate at the end': 'zz-\udbff',
  'lone low surrogate': '\udc00zz',
  'reversed pair': '\udf7a\ud83c',
}

/** Accepted by both formats. */
const ALWAYS = {
  empty: '',
  ascii: 'Beer at 7, "The Tap" <b>',
  emoji: 'Prost 🍺🍻 👩🏽‍🚀',
  cyrillic: 'Бар «Пивная», ул. Тверская',
  'right-to-left mark and Arabic': 'مرحبا\u200f',
  'combining accent': 'Cafe\u0301',
  'no-break space': 'a\u00a0b',
  'U+00A0 right after the C1 block': '\u00a0',
}

describe('text formats', () => {
  for (const [name, text] of Object.entries(NEVER)) {
    it(`refuses ${name} in single- and multi-line text`, () => {
      expect(isSingleLineText(text)).toBe(false)
      expect(isMultiLineText(text)).toBe(false)
    })
  }
  for (const [name, text] of Object.entries(ALWAYS)) {
    it(`accepts ${name}`, () => {
      expect(isSingleLineText(text)).toBe(true)
      expect(isMultiLineText(text)).toBe(true)
    })
  }

  it('allows line feeds and tabs in multi-line text only', () => {
    for (const text of ['first line\nsecond line', 'col\tcol', '\n\n']) {
      expect(isMultiLineText(text)).toBe(true)
      expect(isSingleLineText(text)).toBe(false)
    }
  })

  it('is known to TypeBox checks too, with the other string limits kept', () => {
    const title = SingleLineText({ minLength: 1, maxLength: 5 })
    expect(Value.Check(title, 'Pils')).toBe(true)
    expect(Value.Check(title, 'P\u0000s')).toBe(false)
    expect(Value.Check(title, 'Pilsner')).toBe(false)
    expect(Value.Check(MultiLineText(), 'a\nb')).toBe(true)
    expect(Value.Check(MultiLineText(), 'a\u0000b')).toBe(false)
  })
})

describe('toSingleLineText', () => {
  it('turns line breaks and tabs into spaces and drops other control characters and lone surrogates', () => {
    expect(toSingleLineText('Anna\n\tMaria\r\nvon\u2028Berg')).toBe('Anna  Maria  von Berg')
    expect(toSingleLineText('A\u0000n\u007fn\u0085a\u009f')).toBe('Ann a')
    expect(toSingleLineText('zz-\ud800x \udc00y')).toBe('zz-x y')
  })

  it('keeps text that is already fine, emoji included', () => {
    for (const text of Object.values(ALWAYS)) expect(toSingleLineText(text)).toBe(text)
  })

  it('always gives single-line text', () => {
    for (const text of [...Object.values(NEVER), ...Object.values(ALWAYS)])
      expect(isSingleLineText(toSingleLineText(text))).toBe(true)
  })
})
