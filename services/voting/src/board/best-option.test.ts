import { describe, expect, it } from 'vitest'
import { bestOption, type Candidate } from './best-option.js'

const c = (id: string, yes: number, maybe: number, no = 0, startsAt?: string): Candidate => ({
  id,
  counts: { yes, maybe, no },
  ...(startsAt ? { startsAt } : {}),
})

describe('bestOption', () => {
  it('picks the option with the most yes', () => {
    expect(bestOption([c('a', 1, 5), c('b', 2, 0), c('c', 0, 9)])).toBe('b')
  })

  it('breaks a tie on yes by yes + maybe', () => {
    expect(bestOption([c('a', 2, 0), c('b', 2, 1), c('c', 1, 3)])).toBe('b')
  })

  it('breaks a full tie by the earliest start for time options, whatever the list order', () => {
    expect(
      bestOption([c('late', 2, 1, 0, '2031-06-03T18:00:00Z'), c('early', 2, 1, 0, '2031-06-01T18:00:00Z')]),
    ).toBe('early')
  })

  it('breaks a full tie by the first added for place options', () => {
    expect(bestOption([c('first', 1, 1), c('second', 1, 1)])).toBe('first')
  })

  it('does not let no votes count', () => {
    expect(bestOption([c('a', 1, 0, 0), c('b', 1, 0, 9)])).toBe('a')
    expect(bestOption([c('a', 0, 0, 3), c('b', 0, 1, 0)])).toBe('b')
  })

  it('has no winner without options or without any yes or maybe', () => {
    expect(bestOption([])).toBeNull()
    expect(bestOption([c('a', 0, 0, 2), c('b', 0, 0, 0)])).toBeNull()
  })
})
