import { describe, expect, it } from 'vitest'
import { bestCombination } from './best-combination.js'

const c = (id: string, yes: number, maybe: number, no: number, startsAt?: string) => ({
  id,
  counts: { yes, maybe, no },
  ...(startsAt ? { startsAt } : {}),
})

describe('the best date × place combination', () => {
  it('scores yes = 1 and if-need-be = 0.5, and says why', () => {
    const best = bestCombination(
      [c('t1', 1, 0, 2, '2031-01-02T10:00:00Z'), c('t2', 0, 3, 0, '2031-01-03T10:00:00Z')],
      [c('p1', 2, 1, 0), c('p2', 2, 0, 0)],
    )
    expect(best).toEqual({
      time: { optionId: 't2', score: 1.5, yes: 0, maybe: 3, no: 0 },
      place: { optionId: 'p1', score: 2.5, yes: 2, maybe: 1, no: 0 },
      score: 4,
    })
  })

  it('never recommends an option everyone rejected; null when nothing can be chosen', () => {
    expect(bestCombination([c('t1', 0, 0, 3)], [c('p1', 1, 0, 0)])).toEqual({
      time: null,
      place: { optionId: 'p1', score: 1, yes: 1, maybe: 0, no: 0 },
      score: 1,
    })
    expect(bestCombination([c('t1', 0, 0, 0)], [])).toBeNull()
  })
})
