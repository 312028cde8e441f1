import { describe, expect, it } from 'vitest'
import { metricValue } from '@prost/platform/testing'
import { recordFanoutReceived } from './fanout-lag.js'

describe('board fan-out lag', () => {
  it('observes receive − publish time, and skips messages without a send time', async () => {
    const count = () => metricValue('prost_board_fanout_lag_seconds_count')
    const sum = () => metricValue('prost_board_fanout_lag_seconds_sum')
    const [countBefore, sumBefore] = [await count(), await sum()]
    recordFanoutReceived(1_000, 1_040)
    recordFanoutReceived(undefined)
    recordFanoutReceived('soon')
    expect(await count()).toBe(countBefore + 1)
    expect((await sum()) - sumBefore).toBeCloseTo(0.04, 6)
  })
})
