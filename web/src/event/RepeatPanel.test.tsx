/** The organizer's Repeat panel: duplicate by whole weeks, and a series on the event's wall clock, started and stopped. */
import { describe, expect, it, vi } from 'vitest'
import { fireEvent, screen } from '@testing-library/react'
import { http, HttpResponse } from 'msw'
import type { Series } from '@prost/contracts'
import { RepeatPanel } from './RepeatPanel'
import { signIn } from '../test/fixtures'
import { myEvent } from '../test/event-page'
import { renderWithApp } from '../test/render'
import { recordCalls, server } from '../test/server'

const event = myEvent()

function series(overrides: Partial<Series> = {}): Series {
  return {
    id: 's'.repeat(24),
    title: event.title,
    organizer: event.organizer,
    sourceEventId: event.id,
    timeZone: event.timeZone,
    weekday: 1,
    time: '19:00',
    intervalWeeks: 1,
    firstDate: '2030-07-22',
    until: null,
    leadDays: 7,
    durationMinutes: 180,
    status: 'active',
    next: {
      date: '2030-07-22',
      startsAt: '2030-07-22T17:00:00.000Z',
      pollCreatedAt: '2030-07-15T17:00:00.000Z',
    },
    occurrences: [],
    createdAt: '2030-07-01T00:00:00.000Z',
    stoppedAt: null,
    ...overrides,
  }
}

describe('RepeatPanel', () => {
  it('duplicates with the chosen number of weeks and opens the copy', async () => {
    signIn()
    const calls = recordCalls()
    server.use(
      http.get('/api/events/series', () => HttpResponse.json({ items: [] })),
      http.post(`/api/events/${event.id}/duplicate`, () =>
        HttpResponse.json({ ...event, id: 'c'.repeat(24) }, { status: 201 }),
      ),
    )
    const { router } = renderWithApp(<RepeatPanel event={event} />)
    fireEvent.change(await screen.findByLabelText('Move the times by (weeks)'), { target: { value: '3' } })
    fireEvent.click(screen.getByRole('button', { name: /Duplicate/ }))
    await vi.waitFor(() => expect(router.state.location.pathname).toBe(`/events/${'c'.repeat(24)}`))
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ shiftWeeks: 3 })
  })

  it('starts a series a week after the first option, at its Berlin wall-clock time, and stops it', async () => {
    signIn()
    const calls = recordCalls()
    server.use(
      http.get('/api/events/series', () => HttpResponse.json({ items: [] })),
      http.post('/api/events/series', () => HttpResponse.json(series(), { status: 201 })),
      http.post(`/api/events/series/${'s'.repeat(24)}/stop`, () =>
        HttpResponse.json(series({ status: 'stopped', next: null, stoppedAt: '2030-07-02T00:00:00.000Z' })),
      ),
    )
    renderWithApp(<RepeatPanel event={event} />)
    fireEvent.click(await screen.findByRole('button', { name: 'Start the series' }))
    await screen.findByText('Every Monday at 19:00 (Europe/Berlin)')
    // The event's option is 2030-07-15 17:00Z = 19:00 in Berlin (summer time); the series goes on a week later.
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      fromEventId: event.id,
      firstDate: '2030-07-22',
      time: '19:00',
      intervalWeeks: 1,
      leadDays: 7,
    })
    fireEvent.click(screen.getByRole('button', { name: /Stop the series/ }))
    await screen.findByText(/Stopped: no more polls/)
  })
})
