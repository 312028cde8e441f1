import { describe, expect, it } from 'vitest'
import { MIN_WASTED, createSeekChoice, type Seek } from './listing-seek.js'

const kneipe: Seek = { field: 'placeWords', value: 'kneipe' }
const n42: Seek = { field: 'placeWords', value: '42' }
const quiz: Seek = { field: 'words', value: 'quiz' }
const doc = (words: string[], placeWords: string[]) => ({ words, placeWords })

describe('seek word choice', () => {
  it('seeks on the first term and never compares a single one', () => {
    const choice = createSeekChoice([kneipe])
    expect(choice.filter()).toEqual({ placeWords: 'kneipe' })
    expect(choice.rivalFor(Array.from({ length: 20 }, () => doc([], ['kneipe'])))).toBeNull()
    expect(createSeekChoice([]).filter()).toEqual({})
  })

  it('names the term wasted events lacked most, once enough of them were wasted', () => {
    const choice = createSeekChoice([kneipe, quiz, n42])
    const lackingBoth = doc([], ['kneipe'])
    const lacking42 = doc(['quiz'], ['kneipe'])
    const lackingQuiz = doc([], ['kneipe', '42'])
    const matching = doc(['quiz'], ['kneipe', '42'])
    expect(choice.rivalFor(Array.from({ length: MIN_WASTED - 1 }, () => lacking42))).toBeNull()
    // Wasted, but not more than half of what the query returned.
    expect(choice.rivalFor([lacking42, lacking42, lacking42, matching, matching, matching])).toBeNull()
    expect(choice.rivalFor([lacking42, lacking42, lackingBoth, matching])).toEqual(n42)
    expect(choice.rivalFor([lackingQuiz, lackingQuiz, lacking42])).toEqual(quiz)
  })

  it('seeks on the rival it is told to prefer, and may prefer the first term again', () => {
    const choice = createSeekChoice([kneipe, n42])
    choice.prefer(n42)
    expect(choice.filter()).toEqual({ placeWords: '42' })
    expect(choice.rivalFor(Array.from({ length: 4 }, () => doc([], ['42'])))).toEqual(kneipe)
    choice.prefer(kneipe)
    expect(choice.filter()).toEqual({ placeWords: 'kneipe' })
  })

  it('peeks with every term until peeks found them all or the seek changed, never with one term', () => {
    expect(createSeekChoice([kneipe]).toPeek()).toEqual([])
    const found = createSeekChoice([kneipe, n42])
    expect(found.toPeek()).toEqual([kneipe, n42])
    expect(found.filter()).toEqual({ placeWords: 'kneipe' })
    found.peeked()
    expect(found.toPeek()).toEqual([])
    const changed = createSeekChoice([kneipe, n42])
    changed.prefer(n42)
    expect(changed.toPeek()).toEqual([])
    expect(changed.filter()).toEqual({ placeWords: '42' })
  })
})
