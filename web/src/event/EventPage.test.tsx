import { describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { setGuestPass } from '../api/session'
import { emptyBoard, openEventPage, pollingEvent } from '../test/event-page'
import { signIn } from '../test/fixtures'

const event = pollingEvent({
  participants: [
    { id: 'o'.repeat(24), kind: 'user', name: 'Olga', joinedAt: '2030-07-01T00:00:00Z' },
    { id: 'g1', kind: 'participant', name: 'Gabi', joinedAt: '2030-07-01T00:00:00Z' },
  ],
})
const { id } = event
const [t1, p1] = [event.timeOptions[0]!.id, event.placeOptions[0]!.id]
// Olga said yes to the evening; the board is a version behind the event.
const board = emptyBoard(event, {
  eventVersion: 2,
  timeOptions: [
    {
      ...event.timeOptions[0]!,
      counts: { yes: 1, maybe: 0, no: 0 },
      voters: { yes: [{ id: 'o'.repeat(24), name: 'Olga' }], maybe: [], no: [] },
    },
  ],
  notVoted: [{ id: 'g1', name: 'Gabi' }],
  bestTimeOptionId: t1,
})

describe('EventPage', () => {
  it('lets a guest vote in place and saves the whole ballot with the newest event version', async () => {
    setGuestPass(id, { token: 'guest-token', participantId: 'g1', name: 'Gabi' })
    const calls = openEventPage(event, board, [
      http.put(`/api/votes/${id}`, async ({ request }) => {
        const { choices } = (await request.json()) as { choices: object }
        return HttpResponse.json({
          eventId: id,
          participantId: 'g1',
          name: 'Gabi',
          choices,
          revision: 1,
          updatedAt: '2030-07-02T00:00:00Z',
        })
      }),
    ])
    const [times, places] = await screen.findAllByRole('table')
    expect(within(times!).getByRole('row', { name: /^Olga/ }).textContent).toContain('Yes')
    const user = userEvent.setup()
    await user.click(within(times!).getByRole('radio', { name: /If need be/ }))
    await user.click(within(places!).getByRole('radio', { name: /No/ }))
    const puts = () => calls.filter((c) => c.method === 'PUT')
    // Answers given together are saved together; on a slow machine the first may go out alone, but
    // every save carries the whole ballot, and the last one holds both answers.
    await vi.waitFor(() =>
      expect(puts().at(-1)?.body).toEqual({ choices: { [t1]: 'maybe', [p1]: 'no' }, eventVersion: 3 }),
    )
    await screen.findByText('✓ Your votes are saved.')
    expect(puts().length).toBeLessThanOrEqual(2)
    for (const put of puts()) {
      expect((put.body as { eventVersion: number }).eventVersion).toBe(3)
      expect(put.headers.authorization).toBe('Bearer guest-token')
    }
    expect(screen.getByText('Not voted yet: Gabi')).toBeTruthy()
  })

  it('shows the final card with a map link and "Add to calendar" once decided', async () => {
    const final = {
      timeOptionId: t1,
      placeOptionId: p1,
      startsAt: event.timeOptions[0]!.startsAt,
      endsAt: event.timeOptions[0]!.endsAt,
      place: { ...event.placeOptions[0]!, lat: 52.5, lon: 13.4 },
    }
    openEventPage({ ...event, status: 'finalized', final }, { ...board, status: 'finalized', final })
    const card = (await screen.findByRole('heading', { name: 'It’s on! 🍻' })).closest('section')!
    expect(card.textContent).toContain('Mon 15 Jul, 19:00–22:00')
    expect(card.textContent).toContain('The Tap')
    expect(
      within(card)
        .getByRole('link', { name: /Open map/ })
        .getAttribute('href'),
    ).toContain('mlat=52.5&mlon=13.4')
    expect(within(card).getByRole('button', { name: /Add to calendar/ })).toBeTruthy()
    expect(screen.queryAllByRole('radiogroup')).toHaveLength(0)
  })

  it('lets the organizer move a finalized meetup and call it off only after confirming', async () => {
    const organizer = event.organizer.id
    signIn({ id: organizer, displayName: 'Olga' }, { accessToken: 'organizer-token' })
    const t2 = 'c'.repeat(24)
    const times = [
      ...event.timeOptions,
      { id: t2, startsAt: '2030-07-16T17:00:00.000Z', endsAt: '2030-07-16T20:00:00.000Z' },
    ]
    const final = {
      timeOptionId: t1,
      placeOptionId: p1,
      startsAt: times[0]!.startsAt,
      endsAt: times[0]!.endsAt,
      place: event.placeOptions[0]!,
    }
    const finalized = {
      ...event,
      timeOptions: times,
      status: 'finalized' as const,
      final,
      inviteToken: 'i'.repeat(22),
    }
    const calls = openEventPage(finalized, { ...board, status: 'finalized', final }, [
      http.post(`/api/events/${id}/reschedule`, () => HttpResponse.json(finalized)),
      http.post(`/api/events/${id}/cancel`, () => HttpResponse.json({ ...finalized, status: 'cancelled' })),
    ])
    const user = userEvent.setup()
    const move = (await screen.findByRole('heading', { name: /Move the meetup/ })).closest('section')!
    const confirmMove = within(move).getByRole('button', { name: 'Move it' }) as HTMLButtonElement
    expect(confirmMove.disabled).toBe(true) // the current choice is preselected: nothing to move yet
    await user.selectOptions(within(move).getByLabelText('Time'), t2)
    await user.click(confirmMove)
    // Moving tells everyone: one more step, naming the new time and place, before anything is sent.
    const question = within(move).getByText(/^Move the meetup to/)
    expect(question.textContent).toMatch(/Tue 16 Jul.*19:00.*at The Tap\? Everyone is told/)
    expect(document.activeElement).toBe(question)
    expect(calls.some((c) => c.url.endsWith('/reschedule'))).toBe(false)
    await user.click(within(move).getByRole('button', { name: 'Yes, move it' }))
    await vi.waitFor(() => expect(calls.some((c) => c.url.endsWith('/reschedule'))).toBe(true))
    expect(calls.find((c) => c.url.endsWith('/reschedule'))!.body).toEqual({
      timeOptionId: t2,
      placeOptionId: p1,
    })

    const callOff = screen.getByRole('heading', { name: /Call it off/ }).closest('section')!
    await user.click(within(callOff).getByRole('button', { name: 'Cancel this event' }))
    expect(calls.some((c) => c.url.endsWith('/cancel'))).toBe(false)
    await user.click(within(callOff).getByRole('button', { name: 'Yes, cancel it for everyone' }))
    await screen.findByText('This plan was cancelled. Another time!')
    expect(calls.filter((c) => c.url.endsWith('/cancel'))).toHaveLength(1)
  })
})
