import { describe, expect, it } from 'vitest'
import { assertNameFree, nameKey } from './display-name.js'

describe('nameKey', () => {
  it('ignores case, accents and surrounding or repeated spaces', () => {
    expect(nameKey('  Ánna  ')).toBe('anna')
    expect(nameKey('ZOË')).toBe('zoe')
    expect(nameKey('Анна Ёлкина')).toBe(nameKey('анна елкина'))
    expect(nameKey('Anna   Maria')).toBe('anna maria')
  })

  it('keeps different names apart', () => {
    expect(nameKey('Anna')).not.toBe(nameKey('Anna K.'))
    expect(nameKey('Anna')).not.toBe(nameKey('Аnna')) // Cyrillic А: a different letter, not an accent
  })
})

describe('assertNameFree', () => {
  it('refuses a taken name with a 409 naming the field', () => {
    expect(() => assertNameFree([{ name: 'Anna' }], 'anna ')).toThrow(
      expect.objectContaining({ statusCode: 409, kind: 'already-exists' }),
    )
    expect(() => assertNameFree([{ name: 'Anna' }], 'Boris')).not.toThrow()
  })
})
