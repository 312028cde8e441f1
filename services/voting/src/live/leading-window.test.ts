import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createLeadingWindow } from './leading-window.js'

describe('leading window', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('passes the first change on at once and folds the rest of the window into one, with the latest value', () => {
    const passed: [string, number][] = []
    const windows = createLeadingWindow<number>(20, (key, value) => passed.push([key, value]))
    windows.add('e1', 1)
    expect(passed).toEqual([['e1', 1]])
    windows.add('e1', 2)
    windows.add('e1', 3)
    windows.add('e2', 10) // another key has its own window
    expect(passed).toEqual([
      ['e1', 1],
      ['e2', 10],
    ])
    vi.advanceTimersByTime(20)
    expect(passed).toEqual([
      ['e1', 1],
      ['e2', 10],
      ['e1', 3],
    ])
    // The message at the window's end opened another window: a change now waits for its end.
    windows.add('e1', 4)
    expect(passed).toHaveLength(3)
    vi.advanceTimersByTime(20)
    expect(passed.at(-1)).toEqual(['e1', 4])
    // A quiet window closes without a message; the next change goes out at once again.
    vi.advanceTimersByTime(40)
    expect(passed).toHaveLength(4)
    windows.add('e1', 5)
    expect(passed.at(-1)).toEqual(['e1', 5])
  })

  it('answers what still waits when closed, and passes nothing on after that', () => {
    const passed: string[] = []
    const windows = createLeadingWindow<string>(20, (key) => passed.push(key))
    windows.add('e1', 'a')
    windows.add('e1', 'b')
    windows.add('e2', 'c')
    expect(windows.close()).toEqual([['e1', 'b']])
    windows.add('e3', 'd')
    vi.advanceTimersByTime(100)
    expect(passed).toEqual(['e1', 'e2'])
  })
})
