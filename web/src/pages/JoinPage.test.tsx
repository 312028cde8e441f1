import { describe, expect, it } from 'vitest'
import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import type { InvitePreview } from '@prost/contracts'
import JoinPage from './JoinPage'
import { getGuestPass, setGuestPass } from '../api/session'
import { signIn } from '../test/fixtures'
import { renderWithApp } from '../test/render'
import { problem, recordCalls, server } from '../test/server'

const token = 'invite-token-0123456789'
const eventId = 'e'.repeat(24)
const previewUrl = `/api/events/invites/${token}`
const preview: InvitePreview = {
  eventId,
  title: 'Friday pints',
  description: 'Then maybe a kebab.',
  organizer: { name: 'Olga' },
  status: 'polling',
  timeZone: 'Europe/Berlin',
  votingDeadline: null,
  timeOptions: [
    { id: 'a'.repeat(24), startsAt: '2030-07-12T17:00:00.000Z', endsAt: '2030-07-12T20:00:00.000Z' },
  ],
  placeOptions: [
    { id: 'b'.repeat(24), name: 'The Tap', address: 'Main St 1', mapUrl: 'https://maps.example/tap' },
    { id: 'c'.repeat(24), name: 'Biergarten', lat: 52.5, lon: 13.4 },
  ],
  final: null,
  participantCount: 3,
}

const render = () => renderWithApp(<JoinPage />, { path: '/join/:token', route: `/join/${token}` })
const authOf = (call: { headers: Record<string, string> }) => call.headers.authorization
const showsPreview = (body: InvitePreview = preview) => http.get(previewUrl, () => HttpResponse.json(body))

describe('JoinPage', () => {
  it('shows the plan (organizer, times with their zone, places with map links) before asking for a name', async () => {
    server.use(showsPreview())
    render()
    expect(await screen.findByRole('heading', { level: 1, name: 'Friday pints' })).toBeTruthy()
    expect(screen.getByText(/Olga invites you/)).toBeTruthy()
    expect(screen.getByText('3 participants')).toBeTruthy()
    expect(screen.getByText('Then maybe a kebab.')).toBeTruthy()
    const times = screen.getByRole('region', { name: 'Proposed times' })
    expect(times.textContent).toMatch(/19:00–22:00 Berlin time/)
    const places = screen.getByRole('region', { name: 'Proposed places' })
    expect(places.textContent).toContain('The Tap')
    expect(
      screen.getByRole('link', { name: 'Map of The Tap (opens in a new tab)' }).getAttribute('href'),
    ).toBe('https://maps.example/tap')
    expect(screen.getByRole('link', { name: /Map of Biergarten/ }).getAttribute('href')).toContain(
      'mlat=52.5',
    )
    // The form comes after the preview.
    const form = screen.getByRole('form', { name: /Tell your friends who you are/ })
    expect(times.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
    expect(screen.getByLabelText('Your name')).toBeTruthy()
  })

  it('says a dead link is dead on arrival, without the form', async () => {
    server.use(
      http.get(previewUrl, () =>
        problem({ type: 'https://prost.dev/problems/not-found', title: 'Nothing here', status: 404 }),
      ),
    )
    render()
    expect(await screen.findByRole('heading', { name: 'This invite link doesn’t work anymore' })).toBeTruthy()
    expect(screen.getByText(/Ask the organizer for a new one/)).toBeTruthy()
    expect(screen.queryByLabelText('Your name')).toBeNull()
    expect(screen.queryByRole('button', { name: 'Join' })).toBeNull()
  })

  it('recognises a returning guest by the pass this browser holds, and offers the event instead of the form', async () => {
    setGuestPass(eventId, { token: 'guest-token', participantId: 'g1', name: 'Anna' })
    const calls = recordCalls()
    // The second look sends the pass; only then does the server say who "you" are.
    server.use(
      http.get(previewUrl, ({ request }) =>
        HttpResponse.json(
          request.headers.get('authorization') === 'Bearer guest-token'
            ? { ...preview, you: { name: 'Anna', kind: 'participant', organizer: false } }
            : preview,
        ),
      ),
    )
    render()
    expect(await screen.findByText('You joined as Anna.')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Open the event' }).getAttribute('href')).toBe(
      `/events/${eventId}`,
    )
    expect(screen.queryByLabelText('Your name')).toBeNull()
    expect(calls.map(authOf)).toEqual([undefined, 'Bearer guest-token'])
  })

  it('forgets a guest pass the server no longer accepts and shows the form', async () => {
    setGuestPass(eventId, { token: 'expired-token', participantId: 'g1', name: 'Anna' })
    const calls = recordCalls()
    server.use(showsPreview())
    render()
    expect(await screen.findByLabelText('Your name')).toBeTruthy()
    expect(calls).toHaveLength(2)
    expect(getGuestPass(eventId)).toBeNull()
  })

  it('tells the organizer it is their own event', async () => {
    signIn()
    const calls = recordCalls()
    server.use(showsPreview({ ...preview, you: { name: 'Ada', kind: 'user', organizer: true } }))
    render()
    expect(await screen.findByText(/This is your event/)).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Open the event' })).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Join as/ })).toBeNull()
    expect(authOf(calls[0]!)).toBe('Bearer acc')
  })

  it('says a cancelled plan is cancelled and offers no form', async () => {
    server.use(showsPreview({ ...preview, status: 'cancelled' }))
    render()
    expect(await screen.findByText(/This plan was cancelled/)).toBeTruthy()
    expect(screen.queryByLabelText('Your name')).toBeNull()
  })

  it('turns a taken name into a choice, and never pretends "That’s me" logs you in', async () => {
    const calls = recordCalls()
    server.use(
      showsPreview(),
      http.post('/api/events/join', () =>
        problem({
          type: 'https://prost.dev/problems/already-exists',
          title: 'That already exists',
          status: 409,
          detail: 'Someone in this event is already called “anna”; pick another name',
          errors: [{ path: '/body/displayName', message: 'is already taken in this event' }],
        }),
      ),
    )
    const { router } = render()
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Your name'), 'anna ')
    await user.click(screen.getByRole('button', { name: 'Join' }))
    expect(await screen.findByText('Someone in this plan is already called “anna”.')).toBeTruthy()
    expect(screen.getByLabelText('Your name').getAttribute('aria-invalid')).toBe('true')
    // No raw server English.
    expect(screen.queryByText(/already taken in this event/)).toBeNull()
    await user.click(screen.getByRole('button', { name: 'That’s me' }))
    expect(
      screen.getByText(/Open the invite link on the phone or in the browser you joined with/),
    ).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Use another name' }))
    expect(document.activeElement).toBe(screen.getByLabelText('Your name'))
    expect(router.state.location.pathname).toBe(`/join/${token}`)
    expect(getGuestPass(eventId)).toBeNull()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('joins a new guest, keeps the pass and opens the event', async () => {
    const calls = recordCalls()
    server.use(
      showsPreview(),
      http.post('/api/events/join', () =>
        HttpResponse.json({
          eventId,
          participant: { id: 'g2', kind: 'participant', name: 'Boris', joinedAt: '2030-07-01T00:00:00Z' },
          participantToken: 'boris-token',
        }),
      ),
    )
    const { router } = render()
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Your name'), ' Boris ')
    await user.click(screen.getByRole('button', { name: 'Join' }))
    await waitFor(() => expect(router.state.location.pathname).toBe(`/events/${eventId}`))
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ inviteToken: token, displayName: 'Boris' })
    expect(getGuestPass(eventId)).toEqual({ token: 'boris-token', participantId: 'g2', name: 'Boris' })
  })

  it('shows the dead-link page when the link is replaced between opening and joining', async () => {
    server.use(
      showsPreview(),
      http.post('/api/events/join', () =>
        problem({ type: 'https://prost.dev/problems/not-found', title: 'Nothing here', status: 404 }),
      ),
    )
    render()
    const user = userEvent.setup()
    await user.type(await screen.findByLabelText('Your name'), 'Boris')
    await user.click(screen.getByRole('button', { name: 'Join' }))
    expect(await screen.findByRole('heading', { name: 'This invite link doesn’t work anymore' })).toBeTruthy()
  })
})
