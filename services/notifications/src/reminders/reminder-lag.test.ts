import { describe, expect, it } from 'vitest'
import { metricValue } from '@prost/platform/testing'
import { lagSeconds, recordReminderSent } from './reminder-lag.js'

describe('reminder lag', () => {
  const dueAt = new Date('2026-06-01T17:00:00Z')

  it('is sent − due in seconds, and never negative', () => {
    expect(lagSeconds({ dueAt }, new Date('2026-06-01T17:06:30Z'))).toBe(390)
    expect(lagSeconds({ dueAt }, new Date('2026-06-01T16:59:00Z'))).toBe(0)
  })

  it('lands in the histogram per kind, above the five-minute alert bucket when late', async () => {
    const before = await metricValue('prost_reminder_lag_seconds_bucket', { kind: 'reminder', le: '300' })
    const countBefore = await metricValue('prost_reminder_lag_seconds_count', { kind: 'reminder' })
    recordReminderSent({ kind: 'reminder', dueAt }, new Date('2026-06-01T17:06:30Z'))
    expect(await metricValue('prost_reminder_lag_seconds_count', { kind: 'reminder' })).toBe(countBefore + 1)
    expect(await metricValue('prost_reminder_lag_seconds_bucket', { kind: 'reminder', le: '300' })).toBe(
      before,
    )
    expect(await metricValue('prost_reminder_lag_seconds_bucket', { kind: 'reminder', le: '600' })).toBe(
      countBefore + 1,
    )
  })
})
