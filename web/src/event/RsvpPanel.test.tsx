/** The RSVP on the event page: who is coming / late / can't (EN and RU), and my own buttons. */
import { beforeEach, describe, expect, it } from 'vitest'
import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { Event } from '@prost/contracts'
import { emptyBoard, me, myEvent, openEventPage } from '../test/event-page'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { RsvpPanel } from './RsvpPanel'

const place = { id: 'b'.repeat(24), name: 'The Tap', address: 'Main St 1' }
const joined = '2030-07-01T00:00:00Z'
const decided = (rsvps: Record<string, 'coming' | 'late' | 'cannot'> = {}): Event => {
  const people = [
    { ...me, kind: 'user' as const, joinedAt: joined },
    { id: 'g'.repeat(24), name: 'Gabi', kind: 'participant' as const, joinedAt: joined },
    { id: 'i'.repeat(24), name: 'Ivan', kind: 'user' as const, joinedAt: joined },
  ]
  return myEvent({
    status: 'finalized',
    final: {
      timeOptionId: 'a'.repeat(24),
      placeOptionId: place.id,
      startsAt: '2030-07-15T17:00:00.000Z',
      endsAt: '2030-07-15T20:00:00.000Z',
      place,
    },
    participants: people.map((p) => (rsvps[p.id] ? { ...p, rsvp: rsvps[p.id], rsvpAt: joined } : p)),
  })
}

beforeEach(() => {
  signIn()
})

describe('RSVP on the event page', () => {
  it('lists who is coming, late and can’t, and records my answer (the last one counts)', async () => {
    const event = decided({ ['g'.repeat(24)]: 'late', ['i'.repeat(24)]: 'cannot' })
    let answer: unknown
    const calls = openEventPage(event, emptyBoard(event), [
      http.put(`/api/events/${event.id}/rsvp`, async ({ request }) => {
        answer = ((await request.json()) as { answer: string }).answer
        return HttpResponse.json(
          decided({ ['g'.repeat(24)]: 'late', ['i'.repeat(24)]: 'cannot', [me.id]: answer as 'coming' }),
        )
      }),
    ])
    const panel = (await screen.findByRole('heading', { name: /Are you coming\?/ })).closest('section')!
    expect(within(panel).getByText('🏃 Running late (1)').nextSibling?.textContent).toBe('Gabi')
    expect(within(panel).getByText('🙅 Can’t make it (1)').nextSibling?.textContent).toBe('Ivan')
    expect(within(panel).queryByText(/Coming \(/)).toBeNull()
    const coming = within(panel).getByRole('button', { name: '👍 I’m coming' })
    expect(coming.getAttribute('aria-pressed')).toBe('false')
    await userEvent.click(coming)
    await screen.findByText('👍 Coming (1)')
    expect(answer).toBe('coming')
    expect(within(panel).getByRole('button', { name: '👍 I’m coming' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(within(panel).getByText('👍 Coming (1)').nextSibling?.textContent).toBe(me.name)
    const put = calls.find((c) => c.method === 'PUT')!
    expect(put.url).toBe(`/api/events/${event.id}/rsvp`)
    expect(put.headers.authorization).toBe('Bearer acc')
  })

  it('speaks Russian, and shows no buttons to someone who is not a participant', () => {
    renderWithApp(<RsvpPanel event={decided({ ['g'.repeat(24)]: 'late' })} meId={null} />, { language: 'ru' })
    expect(screen.getByRole('heading', { name: /Вы придёте\?/ })).toBeTruthy()
    expect(screen.getByText('🏃 Опаздывают (1)').nextSibling?.textContent).toBe('Gabi')
    expect(screen.queryAllByRole('button')).toEqual([])
  })

  it('says so when nobody has answered, and offers a participant the three buttons', async () => {
    renderWithApp(<RsvpPanel event={decided()} meId={me.id} />)
    expect(screen.getByText('Nobody has answered yet.')).toBeTruthy()
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual([
      '👍 I’m coming',
      '🏃 Running late',
      '🙅 Can’t make it',
    ])
  })
})
