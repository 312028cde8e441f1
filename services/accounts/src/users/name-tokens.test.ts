import { describe, expect, it } from 'vitest'
import { MAX_PREFIX_LENGTH, namePrefixes, queryPrefixes } from './name-tokens.js'

describe('name tokens', () => {
  it('stores every prefix of every word, lowercased', () => {
    expect(namePrefixes('Ada Lovelace').sort()).toEqual(
      ['a', 'ad', 'ada', 'l', 'lo', 'lov', 'love', 'lovel', 'lovela', 'lovelac', 'lovelace'].sort(),
    )
  })

  it('splits on anything that is not a letter or digit and handles Cyrillic', () => {
    expect(namePrefixes('Анна-Мария')).toEqual(expect.arrayContaining(['анна', 'мария', 'ма']))
    expect(namePrefixes("O'Brien (Bo)")).toEqual(expect.arrayContaining(['o', 'brien', 'bo']))
  })

  it('caps prefix length', () => {
    expect(Math.max(...namePrefixes('x'.repeat(80)).map((p) => p.length))).toBe(MAX_PREFIX_LENGTH)
  })

  it('turns a query into plain words: regex characters are just separators', () => {
    expect(queryPrefixes('Ada LO')).toEqual(['ada', 'lo'])
    expect(queryPrefixes('.*')).toEqual([])
    expect(queryPrefixes('a.*b')).toEqual(['a', 'b'])
    expect(queryPrefixes('$where')).toEqual(['where'])
  })
})
