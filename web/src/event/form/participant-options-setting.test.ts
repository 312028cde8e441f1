import { describe, expect, it } from 'vitest'
import type { Event } from '@prost/contracts'
import { emptyForm, formFromEvent, toCreateEvent } from './event-form'

describe('the "participants may propose options" setting in the event form', () => {
  it('is off for a new event and sent only when the organizer turns it on', () => {
    const values = { ...emptyForm('Europe/Berlin', '2030-06-01'), title: 'Pints' }
    expect(values.allowParticipantOptions).toBe(false)
    expect(toCreateEvent(values)).not.toHaveProperty('allowParticipantOptions')
    expect(toCreateEvent({ ...values, allowParticipantOptions: true }).allowParticipantOptions).toBe(true)
  })

  it('reads back what the event has', () => {
    const event = {
      id: 'e'.repeat(24),
      title: 'Pints',
      description: '',
      timeZone: 'Europe/Berlin',
      visibility: 'private',
      status: 'polling',
      organizer: { id: 'o'.repeat(24), name: 'Olga' },
      votingDeadline: null,
      autoFinalize: false,
      nudgeHoursBeforeDeadline: null,
      allowParticipantOptions: true,
      hideResults: false,
      hideNames: false,
      hasCover: false,
      timeOptions: [],
      placeOptions: [],
      participants: [],
      invited: [],
      final: null,
      version: 1,
      createdAt: '2030-07-01T00:00:00Z',
      updatedAt: '2030-07-01T00:00:00Z',
    } satisfies Event
    expect(formFromEvent(event).allowParticipantOptions).toBe(true)
  })
})
