import { describe, expect, it } from 'vitest'
import { autoChoice } from './auto-choice.js'
import type { Candidate } from './best-option.js'

const c = (id: string, yes: number, maybe: number, no = 0, startsAt?: string): Candidate => ({
  id,
  counts: { yes, maybe, no },
  ...(startsAt ? { startsAt } : {}),
})
const at = (day: number) => `2031-06-0${day}T18:00:00Z`

describe('autoChoice (yes = 1, if-need-be = 0.5)', () => {
  it.each([
    ['highest score wins', [c('a', 1, 0), c('b', 0, 4), c('c', 1, 1)], 'b'],
    ['if-need-be counts half: 1 yes + 2 maybe beats 1 yes + 1 maybe', [c('a', 1, 1), c('b', 1, 2)], 'b'],
    ['two maybe tie one yes: more yes wins', [c('a', 0, 2), c('b', 1, 0)], 'b'],
    ['two maybe tie one yes whatever the order', [c('b', 1, 0), c('a', 0, 2)], 'b'],
    ['no answers do not lower a score', [c('a', 2, 0, 5), c('b', 1, 1, 0)], 'a'],
    ['an option everyone refused is never chosen', [c('a', 0, 0, 4), c('b', 0, 1, 3)], 'b'],
    ['full tie on places → the first in option order', [c('first', 1, 1), c('second', 1, 1)], 'first'],
    ['nothing choosable when all said no', [c('a', 0, 0, 2), c('b', 0, 0, 1)], null],
    ['nothing choosable when nobody answered', [c('a', 0, 0), c('b', 0, 0)], null],
    ['nothing choosable without options', [], null],
  ] as const)('%s', (_name, candidates, expected) => {
    expect(autoChoice(candidates)).toBe(expected)
  })

  it('breaks a full tie on times by the earliest start, whatever the list order', () => {
    expect(
      autoChoice([c('late', 1, 2, 0, at(3)), c('early', 1, 2, 0, at(1)), c('mid', 1, 2, 0, at(2))]),
    ).toBe('early')
  })

  it('prefers more yes over an earlier time at equal score', () => {
    expect(autoChoice([c('early', 0, 2, 0, at(1)), c('late', 1, 0, 0, at(2))])).toBe('late')
  })
})
