/** Every time on the event page names the event's zone, and the viewer's clock where it differs (issue 12). */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import type { Board, Event } from '@prost/contracts'
import { emptyBoard, openEventPage, pollingEvent } from '../test/event-page'
import { signIn } from '../test/fixtures'
import { zonedToInstant } from '../time/zoned-time'

const t1 = 'a'.repeat(24)
const moscow = (date: string, time: string) => zonedToInstant(date, time, 'Europe/Moscow')
const organizer = { id: 'o'.repeat(24), name: 'Olga' }
const event = pollingEvent({
  title: 'Thursday pints',
  timeZone: 'Europe/Moscow',
  votingDeadline: moscow('2026-12-10', '12:00'),
  timeOptions: [{ id: t1, startsAt: moscow('2026-12-10', '19:00'), endsAt: moscow('2026-12-10', '22:00') }],
  placeOptions: [
    { id: 'b'.repeat(24), name: 'The Tap', address: 'Tverskaya 7', mapUrl: 'https://maps.example.org/tap' },
  ],
  participants: [{ ...organizer, kind: 'user', joinedAt: '2026-12-01T00:00:00Z' }],
  inviteToken: 'i'.repeat(22),
  version: 1,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
})
const p1 = event.placeOptions[0]!.id
const board = emptyBoard(event)
const final = {
  timeOptionId: t1,
  placeOptionId: p1,
  startsAt: event.timeOptions[0]!.startsAt,
  endsAt: event.timeOptions[0]!.endsAt,
  place: event.placeOptions[0]!,
}

function openAs(viewerZone: string, shown: { event: Event; board: Board }) {
  vi.stubEnv('TZ', viewerZone) // the browser's zone, as Intl reports it
  signIn({ id: organizer.id, displayName: 'Olga' }, { accessToken: 'organizer-token' })
  openEventPage(shown.event, shown.board)
}

afterEach(() => {
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
})

describe('EventPage in another time zone than the event', () => {
  it('names Moscow in the grid, the deadline and the Decide menu, with the viewer’s clock beside it', async () => {
    openAs('America/Los_Angeles', { event, board })
    const [times, places] = await screen.findAllByRole('table', {}, { timeout: 5000 })
    const column = within(times!).getAllByRole('columnheader')[1]!
    expect(column.textContent).toContain('Thu 10 Dec')
    expect(within(column).getByText('19:00–22:00 Moscow time')).toBeTruthy()
    expect(within(column).getByText('08:00–11:00 your time')).toBeTruthy()
    expect(within(times!).getByRole('radiogroup').getAttribute('aria-label')).toBe(
      'Your vote for Thu 10 Dec 19:00–22:00 Moscow time, 08:00–11:00 your time',
    )
    expect(screen.getByText(/Voting closes/).textContent).toContain(
      'Voting closes Thu 10 Dec, 12:00 Moscow time · 01:00 your time',
    )
    const decide = screen.getByRole('combobox', { name: 'Time' })
    expect(within(decide).getAllByRole('option')[0]!.textContent).toBe(
      'Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time',
    )
    // A closed select cuts long text off on a narrow panel; the choice is spelled out under it.
    expect(decide.closest('.field')!.querySelector('.finalize-when')!.textContent).toBe(
      'Thu 10 Dec, 19:00–22:00 Moscow time · 08:00–11:00 your time',
    )
    // A place's map link is there while voting, not only after finalizing.
    expect(
      within(places!)
        .getByRole('link', { name: /Map of The Tap/ })
        .getAttribute('href'),
    ).toBe('https://maps.example.org/tap')
  })

  it('shows the final card in Moscow time with the viewer’s day when it is another day there', async () => {
    const early = { ...final, startsAt: moscow('2026-12-10', '02:00'), endsAt: moscow('2026-12-10', '05:00') }
    openAs('America/Los_Angeles', {
      event: { ...event, status: 'finalized', final: early },
      board: { ...board, status: 'finalized', final: early },
    })
    const card = (await screen.findByRole('heading', { name: 'It’s on! 🍻' }, { timeout: 5000 })).closest(
      'section',
    )!
    const when = card.querySelector('.when')!
    expect(when.textContent).toBe('Thu 10 Dec, 02:00–05:00 Moscow time · Wed 9 Dec, 15:00–18:00 your time')
    const time = within(card).getByText(/Moscow time/)
    expect(time.getAttribute('datetime')).toBe(early.startsAt)
    // The bot writes the IANA name; the tooltip gives the same.
    expect(time.getAttribute('title')).toBe('Time zone of the event: Europe/Moscow')
  })

  it('shows one clock, named, to a viewer in the event’s zone', async () => {
    openAs('Europe/Moscow', { event, board })
    const [times] = await screen.findAllByRole('table', {}, { timeout: 5000 })
    expect(within(times!).getByText('19:00–22:00 Moscow time')).toBeTruthy()
    expect(screen.getByText(/Voting closes/).textContent).toContain(
      'Voting closes Thu 10 Dec, 12:00 Moscow time',
    )
    expect(document.body.textContent).not.toContain('your time')
  })
})
