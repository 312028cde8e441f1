/** Issue 16 on the event page: privacy settings shown, results after you vote, the best combination, the finalize guard's confirm step. */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { emptyBoard, me, myEvent, openEventPage, pollingEvent } from '../test/event-page'
import { signIn } from '../test/fixtures'

const t1 = 'a'.repeat(24)
const p1 = 'b'.repeat(24)

beforeEach(() => {
  signIn()
})

describe('EventPage privacy', () => {
  it('shows the settings, and "results appear after you vote" to a participant who has not voted', async () => {
    const event = pollingEvent({
      hideResults: true,
      hideNames: true,
      participants: [
        { id: 'o'.repeat(24), kind: 'user', name: 'Olga', joinedAt: '2030-07-01T00:00:00Z' },
        { ...me, kind: 'user', joinedAt: '2030-07-01T00:00:00Z' },
      ],
    })
    openEventPage(event, emptyBoard(event, { view: 'results-hidden' }))
    expect(await screen.findByText(/Results appear after you vote\. Cast your votes/)).toBeTruthy()
    const badges = screen.getByRole('list', { name: 'Votes' })
    expect(
      within(badges)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      '🔒 Private: invite link only',
      '🙈 Results hidden until you vote',
      '🕶 Anonymous: names only for the organizer',
    ])
    expect(screen.queryByRole('heading', { name: /Best combination/ })).toBeNull()
    // No row claims Olga did not answer, and no counts pretend to be zero.
    expect(screen.queryByRole('rowheader', { name: 'Olga' })).toBeNull()
    expect(document.querySelector('.count')).toBeNull()
  })

  it('under hideNames shows counts only, and my own answers from my ballot', async () => {
    const event = pollingEvent({
      hideNames: true,
      participants: [
        { id: 'o'.repeat(24), kind: 'user', name: 'Olga', joinedAt: '2030-07-01T00:00:00Z' },
        { ...me, kind: 'user', joinedAt: '2030-07-01T00:00:00Z' },
      ],
    })
    const board = emptyBoard(event, { view: 'names-hidden', notVoted: [] })
    board.timeOptions[0]!.counts = { yes: 1, maybe: 1, no: 0 }
    openEventPage(event, board, [
      http.get(`/api/votes/${event.id}/ballot`, () =>
        HttpResponse.json({
          eventId: event.id,
          participantId: me.id,
          choices: { [t1]: 'maybe' },
          updatedAt: '2030-07-02T00:00:00Z',
        }),
      ),
    ])
    expect(await screen.findByText(/Anonymous voting: you see the counts/)).toBeTruthy()
    await vi.waitFor(() =>
      expect(screen.getAllByRole('radio', { name: /If need be/ })[0]!.getAttribute('aria-checked')).toBe(
        'true',
      ),
    )
    expect(screen.queryByRole('rowheader', { name: 'Olga' })).toBeNull()
    expect(document.querySelector('.count-yes')!.textContent).toContain('1')
  })

  it('says so in Russian too', async () => {
    const event = pollingEvent({ hideResults: true })
    openEventPage(event, emptyBoard(event, { view: 'results-hidden' }), [], 'ru')
    expect(await screen.findByText(/Результаты появятся, когда вы проголосуете/)).toBeTruthy()
  })

  it('shows the best date × place combination with its scores', async () => {
    const event = myEvent()
    openEventPage(
      event,
      emptyBoard(event, {
        bestCombination: {
          time: { optionId: t1, score: 1.5, yes: 1, maybe: 1, no: 0 },
          place: { optionId: p1, score: 2, yes: 2, maybe: 0, no: 1 },
          score: 3.5,
        },
      }),
    )
    const best = (await screen.findByRole('heading', { name: /Best combination/ })).closest('section')!
    expect(best.textContent).toMatch(/Mon 15 Jul.*19:00.* at The Tap/)
    expect(best.textContent).toContain(
      'Score 3.5 (yes = 1, if need be = ½): time 1.5 (1 yes, 1 if need be), place 2 (2 yes, 0 if need be)',
    )
  })
})

describe('the finalize guard', () => {
  it('asks again when everyone rejected the choice, then finalizes with force: true', async () => {
    const event = myEvent()
    const finalized = { ...event, status: 'finalized' as const }
    let attempts = 0
    const calls = openEventPage(event, emptyBoard(event), [
      http.post(`/api/events/${event.id}/finalize`, () =>
        ++attempts === 1
          ? HttpResponse.json(
              {
                type: 'https://prost.dev/problems/needs-confirmation',
                title: 'Please confirm this first',
                status: 409,
                errors: [
                  { path: '/body/timeOptionId', message: 'every voter who answered rejected this time' },
                ],
              },
              { status: 409, headers: { 'content-type': 'application/problem+json' } },
            )
          : HttpResponse.json(finalized),
      ),
    ])
    const user = userEvent.setup()
    const decide = (await screen.findByRole('heading', { name: /Decide/ })).closest('section')!
    await user.click(within(decide).getByRole('button', { name: /Finalize/ }))
    await user.click(within(decide).getByRole('button', { name: /Yes, lock it in/ }))
    expect((await within(decide).findByRole('alert')).textContent).toBe(
      'Everyone who answered said no to this time. Finalize it anyway?',
    )
    await user.click(within(decide).getByRole('button', { name: 'Finalize anyway' }))
    await vi.waitFor(() => expect(calls.filter((c) => c.url.endsWith('/finalize'))).toHaveLength(2))
    expect(calls.filter((c) => c.url.endsWith('/finalize')).map((c) => c.body)).toEqual([
      { timeOptionId: t1, placeOptionId: p1 },
      { timeOptionId: t1, placeOptionId: p1, force: true },
    ])
  })
})
