import { beforeEach, describe, expect, it } from 'vitest'
import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse, type HttpHandler } from 'msw'
import { MAX_OPTIONS_PER_KIND, type Board, type Event } from '@prost/contracts'
import EventFormPage from './EventFormPage'
import { signIn, testUser } from '../../test/fixtures'
import { renderWithApp } from '../../test/render'
import { problem, recordCalls, server, type ApiCall } from '../../test/server'

const id = 'e'.repeat(24)
const t1 = 'a'.repeat(24)
const t1b = 'c'.repeat(24)
const p1 = 'b'.repeat(24)
const url = `/api/events/${id}`
// 19:00 in Moscow (UTC+3); Berlin is UTC+2 in July, so the same moment reads 18:00 there.
const event: Event = {
  id,
  title: 'Friday pints',
  description: '',
  timeZone: 'Europe/Moscow',
  visibility: 'private',
  hideResults: false,
  hideNames: false,
  status: 'polling',
  organizer: { id: testUser.id, name: 'Ada' },
  votingDeadline: '2030-07-14T16:00:00.000Z',
  autoFinalize: false,
  nudgeHoursBeforeDeadline: 24,
  allowParticipantOptions: false,
  hasCover: false,
  timeOptions: [{ id: t1, startsAt: '2030-07-15T16:00:00.000Z', endsAt: '2030-07-15T19:00:00.000Z' }],
  placeOptions: [
    {
      id: p1,
      name: 'The Tap',
      address: 'Main St 1',
      mapUrl: 'https://www.openstreetmap.org/?mlat=55.75&mlon=37.61',
      lat: 55.75,
      lon: 37.61,
    },
  ],
  participants: [],
  invited: [],
  final: null,
  version: 4,
  createdAt: '2030-07-01T00:00:00Z',
  updatedAt: '2030-07-01T00:00:00Z',
}
const person = (n: number) => ({ id: `u${n}`, name: `Friend ${n}` })
const board: Board = {
  eventId: id,
  eventVersion: 4,
  title: event.title,
  status: 'polling',
  visibility: 'private',
  hideResults: false,
  hideNames: false,
  view: 'full',
  organizerId: testUser.id,
  votingDeadline: event.votingDeadline,
  final: null,
  timeOptions: [
    {
      ...event.timeOptions[0]!,
      counts: { yes: 2, maybe: 0, no: 1 },
      voters: { yes: [person(1), person(2)], maybe: [], no: [person(3)] },
    },
  ],
  placeOptions: [
    {
      ...event.placeOptions[0]!,
      counts: { yes: 1, maybe: 0, no: 0 },
      voters: { yes: [person(1)], maybe: [], no: [] },
    },
  ],
  participants: [person(1), person(2), person(3)],
  notVoted: [],
  bestTimeOptionId: t1,
  bestPlaceOptionId: p1,
  bestCombination: null,
}

beforeEach(() => {
  signIn()
})

/** Opens the edit page of `current`, the server answering with `handlers` besides the event and its board. */
function openEdit(handlers: HttpHandler[] = [], current: Event = event) {
  const calls = recordCalls()
  server.use(
    ...handlers,
    http.get(url, () => HttpResponse.json(current)),
    http.get(`/api/votes/${id}`, () => HttpResponse.json(board)),
  )
  renderWithApp(<EventFormPage />, { path: '/events/:id/edit', route: `/events/${id}/edit` })
  return { calls }
}
const starts = () => screen.getAllByLabelText('Starts').map((i) => (i as HTMLInputElement).value)
const writes = (calls: ApiCall[]) =>
  calls.filter((c) => c.method !== 'GET').map((c) => `${c.method} ${c.url.replace(url, '')}`)

describe('EventFormPage (edit): time zone', () => {
  it('keeps every time and the deadline at the same moment, says so, and saves only the zone', async () => {
    const { calls } = openEdit([
      http.patch(url, () => HttpResponse.json({ ...event, timeZone: 'Europe/Berlin' })),
    ])
    const user = userEvent.setup()
    expect(await screen.findByDisplayValue('19:00')).toBeTruthy()
    await user.selectOptions(screen.getByLabelText('Time zone'), 'Europe/Berlin')
    expect(starts()).toEqual(['18:00'])
    expect((screen.getByLabelText(/Voting closes/) as HTMLInputElement).value).toBe('2030-07-14T18:00')
    expect(
      screen.getByText('The times stay at the same moments and are now shown in Europe/Berlin time.'),
    ).toBeTruthy()
    expect(screen.queryByText(/answered this time/)).toBeNull() // nothing moves, so no votes are reset
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await screen.findByText('elsewhere')
    expect(writes(calls)).toEqual(['PATCH '])
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ timeZone: 'Europe/Berlin' })
  })

  it('moves the times only when the organizer explicitly keeps the clock times, and warns whose votes go', async () => {
    const { calls } = openEdit([
      http.patch(url, () => HttpResponse.json({ ...event, timeZone: 'Europe/Berlin' })),
      http.put(`${url}/time-options/${t1}`, () => HttpResponse.json({ ...event, timeZone: 'Europe/Berlin' })),
    ])
    const user = userEvent.setup()
    await user.selectOptions(await screen.findByLabelText('Time zone'), 'Europe/Berlin')
    await user.click(screen.getByRole('button', { name: 'Keep the clock times instead' }))
    expect(starts()).toEqual(['19:00'])
    expect(screen.getByText(/The clock times stay as typed and now mean Europe\/Berlin time/)).toBeTruthy()
    expect(
      screen.getByText(/3 people answered this time\. Changing it resets their votes, and they are told\./),
    ).toBeTruthy()
    // …and back: the choice is the organizer's, both ways.
    await user.click(screen.getByRole('button', { name: 'Keep the moments instead' }))
    expect(starts()).toEqual(['18:00'])
    await user.click(screen.getByRole('button', { name: 'Keep the clock times instead' }))
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await screen.findByText('elsewhere')
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({
      timeZone: 'Europe/Berlin',
      votingDeadline: '2030-07-14T17:00:00.000Z',
    })
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({
      startsAt: '2030-07-15T17:00:00.000Z',
      durationMinutes: 180,
    })
  })
})

describe('EventFormPage (edit): options with votes', () => {
  it('warns before saving a change that resets votes, but not for a new map link', async () => {
    openEdit()
    const user = userEvent.setup()
    const mapLink = await screen.findByLabelText(/Map link/)
    await user.clear(mapLink)
    await user.paste('https://www.openstreetmap.org/?mlat=55.76&mlon=37.62')
    expect(screen.queryByText(/answered this place/)).toBeNull()
    expect(screen.queryByText(/Saving resets the votes/)).toBeNull()
    await user.type(screen.getByLabelText('Name'), ' & Grill')
    expect(
      screen.getByText(
        '⚠️ 1 person answered this place. Changing its name or address resets their vote, and they are told.',
      ),
    ).toBeTruthy()
    await user.clear(screen.getByLabelText('Starts'))
    await user.type(screen.getByLabelText('Starts'), '20:00')
    expect(
      screen.getByText('⚠️ 3 people answered this time. Changing it resets their votes, and they are told.'),
    ).toBeTruthy()
    expect(screen.getByText(/Saving resets the votes on the changed options marked above/)).toBeTruthy()
  })

  it('carries on after a half-failed save with the new id the server gave a changed time', async () => {
    let placeAnswers = 0
    const renamed = {
      ...event,
      timeOptions: [{ id: t1b, startsAt: '2030-07-15T17:00:00.000Z', endsAt: '2030-07-15T20:00:00.000Z' }],
    }
    const { calls } = openEdit([
      http.put(`${url}/time-options/${t1}`, () => HttpResponse.json(renamed)),
      http.put(`${url}/place-options/${p1}`, () =>
        ++placeAnswers === 1
          ? problem({ type: 'https://prost.dev/problems/dependency-unavailable', title: 'x', status: 503 })
          : HttpResponse.json(renamed),
      ),
    ])
    const user = userEvent.setup()
    const start = await screen.findByLabelText('Starts')
    await user.clear(start)
    await user.type(start, '20:00')
    await user.type(screen.getByLabelText('Name'), ' & Grill')
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Part of Prost is not answering right now. Please try again shortly.',
    )
    expect(writes(calls)).toEqual([`PUT /time-options/${t1}`, `PUT /place-options/${p1}`])
    // The time is saved (under its new id, its votes reset): only the place is left to do.
    expect(screen.queryByText(/answered this time/)).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await screen.findByText('elsewhere')
    expect(writes(calls)).toEqual([
      `PUT /time-options/${t1}`,
      `PUT /place-options/${p1}`,
      `PUT /place-options/${p1}`,
    ])
  })
})

describe('EventFormPage (edit): limits', () => {
  it('stops adding times at the contract’s maximum and says why', async () => {
    const many = {
      ...event,
      votingDeadline: null,
      timeOptions: Array.from({ length: MAX_OPTIONS_PER_KIND - 1 }, (_, i) => ({
        id: (i + 10).toString(16).padStart(24, '0'),
        startsAt: new Date(Date.parse('2030-08-01T16:00:00Z') + i * 86_400_000).toISOString(),
        endsAt: new Date(Date.parse('2030-08-01T19:00:00Z') + i * 86_400_000).toISOString(),
      })),
    }
    openEdit([], many)
    const user = userEvent.setup()
    // Text queries: role queries over 29 rows and a 400-zone menu take seconds in jsdom.
    const add = (await screen.findByText(/Add a time/)).closest('button')!
    expect(screen.getByText(`${MAX_OPTIONS_PER_KIND - 1} of ${MAX_OPTIONS_PER_KIND} times`)).toBeTruthy()
    await user.click(add)
    expect(document.querySelectorAll('input[type="date"]')).toHaveLength(MAX_OPTIONS_PER_KIND)
    expect(add.disabled).toBe(true)
    expect(
      screen.getByText(`That is the most an event can have: ${MAX_OPTIONS_PER_KIND} times.`),
    ).toBeTruthy()
    expect(screen.queryByText('Same time on:')).toBeNull()
  })
})

describe('EventFormPage (edit): vote privacy', () => {
  it('saves a switch to anonymous voting as one PATCH of that setting', async () => {
    const { calls } = openEdit([http.patch(url, () => HttpResponse.json({ ...event, hideNames: true }))])
    const user = userEvent.setup()
    const hideNames = await screen.findByRole('checkbox', { name: /Hide names/ })
    expect((screen.getByRole('radio', { name: /^Private/ }) as HTMLInputElement).checked).toBe(true)
    await user.click(hideNames)
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    await screen.findByText('elsewhere')
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ hideNames: true })
  })

  it('locks the privacy settings once the event is decided', async () => {
    openEdit([], { ...event, status: 'finalized', hideResults: true })
    expect(await screen.findByText('Vote privacy can only be changed while voting is open.')).toBeTruthy()
    expect(screen.queryByRole('checkbox', { name: /Hide results/ })).toBeNull()
  })
})
