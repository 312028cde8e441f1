import { describe, expect, it } from 'vitest'
import type { Board } from '@prost/contracts'
import { nudgeKey } from './nudge-data.js'
import { renderNudge } from './nudge-render.js'

const voters = {
  yes: [{ id: 'a', name: 'Olga Secretvoter' }],
  maybe: [],
  no: [{ id: 'b', name: 'Ivan Hiddenname' }],
}
const board: Board = {
  eventId: '65a1b2c3d4e5f60718293a40',
  eventVersion: 2,
  title: 'Friday beer',
  status: 'polling',
  visibility: 'private',
  hideResults: true,
  hideNames: true,
  view: 'full',
  organizerId: 'a',
  votingDeadline: '2031-01-01T12:00:00.000Z',
  final: null,
  timeOptions: [
    {
      id: '65a1b2c3d4e5f60718293a41',
      startsAt: '2031-01-02T16:00:00.000Z',
      endsAt: '2031-01-02T18:00:00.000Z',
      counts: { yes: 1, maybe: 0, no: 1 },
      voters,
    },
  ],
  placeOptions: [
    { id: '65a1b2c3d4e5f60718293a42', name: 'Punk Fiction', counts: { yes: 1, maybe: 0, no: 1 }, voters },
  ],
  participants: [
    { id: 'a', name: 'Olga Secretvoter' },
    { id: 'b', name: 'Ivan Hiddenname' },
    { id: 'c', name: 'Dora' },
  ],
  notVoted: [{ id: 'c', name: 'Dora' }],
  bestTimeOptionId: '65a1b2c3d4e5f60718293a41',
  bestPlaceOptionId: '65a1b2c3d4e5f60718293a42',
  bestCombination: null,
}

describe('the deadline nudge', () => {
  it('shows the options and buttons but no counts or voters, whatever the privacy settings', () => {
    const nudge = renderNudge(board, {
      lang: 'en',
      timeZone: 'Europe/Moscow',
      key: nudgeKey('nudge-secret-0123456789-0123456789'),
      botUsername: 'ProstBot',
      telegramId: 42,
    })
    expect(nudge.text).toContain('Punk Fiction')
    expect(nudge.text).not.toMatch(/Secretvoter|Hiddenname|Olga|Ivan|✅ 1|❌ 1/)
    expect(nudge.options).toHaveLength(2)
  })
})
