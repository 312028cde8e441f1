/** People on the event page: seats ("in", "waitlist #n"), the organizer's Remove and a participant's Leave, each confirmed. EN and RU. */
import { beforeEach, describe, expect, it } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { Event } from '@prost/contracts'
import { emptyBoard, me, myEvent, openEventPage, pollingEvent } from '../test/event-page'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { MySeat, PeoplePanel } from './PeoplePanel'

const joined = '2030-07-01T00:00:00Z'
const gabi = { id: 'g'.repeat(24), name: 'Gabi', kind: 'participant' as const, joinedAt: joined }
const ivan = { id: 'c'.repeat(24), name: 'Ivan', kind: 'user' as const, joinedAt: joined }
const place = { id: 'b'.repeat(24), name: 'The Tap', capacity: 2 }
const final = {
  timeOptionId: 'a'.repeat(24),
  placeOptionId: place.id,
  startsAt: '2030-07-15T17:00:00.000Z',
  endsAt: '2030-07-15T20:00:00.000Z',
  place,
}

/** My event, decided, two places: me and Gabi in, Ivan first on the waitlist. */
const full = (): Event =>
  myEvent({
    status: 'finalized',
    final,
    placeOptions: [place],
    seating: { capacity: 2, inCount: 2, waitlistCount: 1 },
    participants: [
      { ...me, kind: 'user', joinedAt: joined, seat: 'in' },
      { ...gabi, seat: 'in' },
      { ...ivan, seat: 'waitlist', waitlistPosition: 1 },
    ],
  })

beforeEach(() => {
  signIn()
})

describe('people and seats', () => {
  it('shows each seat and the count, and lets the organizer remove someone after confirming', async () => {
    const event = full()
    const after: Event = {
      ...event,
      seating: { capacity: 2, inCount: 2, waitlistCount: 0 },
      participants: [event.participants[0]!, { ...ivan, seat: 'in' }],
    }
    const calls = openEventPage(event, emptyBoard(event), [
      http.delete(`/api/events/${event.id}/participants/${gabi.id}`, () => HttpResponse.json(after)),
    ])
    const panel = (await screen.findByRole('heading', { name: /People \(3\)/ })).closest('section')!
    expect(within(panel).getByTestId('seating').textContent).toBe('2 of 2 places taken · 1 on the waitlist')
    expect(within(panel).getByText('waitlist #1')).toBeTruthy()
    expect(within(panel).getAllByText('in')).toHaveLength(2)
    // No button to remove the organizer (me); nothing is removed before the confirmation.
    expect(within(panel).queryByRole('button', { name: `Remove ${me.name}` })).toBeNull()
    await userEvent.click(within(panel).getByRole('button', { name: 'Remove Gabi' }))
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false)
    expect(within(panel).getByText(/Remove Gabi\? Their votes leave the board/)).toBeTruthy()
    expect(document.activeElement?.textContent).toBe('Keep')
    await userEvent.click(within(panel).getByRole('button', { name: 'Yes, remove' }))
    await within(panel).findByRole('heading', { name: /People \(2\)/ })
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      `/api/events/${event.id}/participants/${gabi.id}`,
    ])
    expect(within(panel).queryByText('Gabi')).toBeNull()
  })

  it('lets a participant leave after confirming, and not the organizer', async () => {
    const event = pollingEvent({
      participants: [...pollingEvent().participants, { ...me, kind: 'user', joinedAt: joined }],
    })
    const calls = openEventPage(event, emptyBoard(event), [
      http.post(`/api/events/${event.id}/leave`, () => HttpResponse.json({ eventId: event.id, left: true })),
    ])
    const panel = (await screen.findByRole('heading', { name: /People \(2\)/ })).closest('section')!
    expect(within(panel).queryByRole('button', { name: /Remove/ })).toBeNull()
    await userEvent.click(within(panel).getByRole('button', { name: '🚪 Leave this event' }))
    await userEvent.click(within(panel).getByRole('button', { name: 'Keep' }))
    expect(calls.some((c) => c.url.endsWith('/leave'))).toBe(false)
    await userEvent.click(within(panel).getByRole('button', { name: '🚪 Leave this event' }))
    await userEvent.click(within(panel).getByRole('button', { name: 'Yes, leave' }))
    await expect.poll(() => calls.filter((c) => c.url === `/api/events/${event.id}/leave`).length).toBe(1)

    renderWithApp(<PeoplePanel event={myEvent()} meId={me.id} isOrganizer signedIn />)
    expect(screen.queryByRole('button', { name: '🚪 Leave this event' })).toBeNull()
  })

  it('speaks Russian: seats, the waitlist place and my own seat', () => {
    const event = full()
    renderWithApp(
      <>
        <MySeat event={event} meId={ivan.id} />
        <PeoplePanel event={event} meId={ivan.id} isOrganizer={false} signedIn />
      </>,
      { language: 'ru' },
    )
    expect(screen.getByTestId('my-seat').textContent).toContain('Вы в листе ожидания (№1)')
    expect(screen.getByText('лист ожидания №1')).toBeTruthy()
    expect(screen.getByTestId('seating').textContent).toBe('Занято мест: 2 из 2 · в листе ожидания: 1')
    expect(screen.getByRole('button', { name: '🚪 Покинуть встречу' })).toBeTruthy()
  })
})

describe('joining a decided event', () => {
  it('offers a visitor the waitlist when it is full, and joins them', async () => {
    const olga = { id: 'o'.repeat(24), name: 'Olga' }
    const event = pollingEvent({
      visibility: 'public',
      status: 'finalized',
      final,
      placeOptions: [place],
      seating: { capacity: 1, inCount: 1, waitlistCount: 0 },
      participants: [{ ...olga, kind: 'user', joinedAt: joined, seat: 'in' }],
    })
    const joinedEvent: Event = {
      ...event,
      seating: { capacity: 1, inCount: 1, waitlistCount: 1 },
      participants: [
        ...event.participants,
        { ...me, kind: 'user', joinedAt: joined, seat: 'waitlist', waitlistPosition: 1 },
      ],
    }
    const calls = openEventPage(event, emptyBoard(event), [
      http.post(`/api/events/${event.id}/join`, () => HttpResponse.json(joinedEvent)),
    ])
    await screen.findByText('All places are taken. Join the waitlist: you move up when someone drops out.')
    await userEvent.click(screen.getByRole('button', { name: 'Join the waitlist' }))
    await screen.findByText(/You are on the waitlist \(#1\)/)
    expect(calls.filter((c) => c.method === 'POST').map((c) => c.url)).toEqual([
      `/api/events/${event.id}/join`,
    ])
  })
})
