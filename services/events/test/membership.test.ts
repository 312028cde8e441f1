/**
 * Remove and leave through the events API: who may do it, what happens to the participant list and
 * the messages voting and notifications act on, and the invite link that a removed person cannot
 * use again until the organizer rotates it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { bearer, build, createEvent, joinByLink, signTestToken, tokens, type TestApp } from './helper.js'
import { domainMessages } from './messages.js'

let app: TestApp
let messages: Awaited<ReturnType<typeof domainMessages>>
const ORGANIZER = '64b000000000000000000001'
// A friend of this run only: the invite-link join has a per-account budget shared through Redis.
const FRIEND = randomBytes(12).toString('hex')
const t = {
  ...tokens(),
  friend: signTestToken({ sub: FRIEND, kind: 'user', role: 'user', name: 'Fred Friend' }),
}

beforeAll(async () => {
  messages = await domainMessages()
  app = await build()
})

afterAll(() => messages?.close())

interface Created {
  id: string
  inviteToken: string
  participants: { id: string; name: string }[]
}

/** A private event with the friend (by link) and a guest in it. */
async function eventWithPeople() {
  const event: Created = await createEvent(app, t.organizer, { visibility: 'private' })
  expect((await joinByLink(app, event.inviteToken, { token: t.friend })).statusCode).toBe(200)
  const guest = (await joinByLink(app, event.inviteToken, { displayName: 'Gus Guest' })).json()
  return { event, guest: { id: guest.participant.id as string, token: guest.participantToken as string } }
}

const remove = (eventId: string, participantId: string, token?: string) =>
  app.inject({
    method: 'DELETE',
    url: `/api/events/${eventId}/participants/${participantId}`,
    headers: token ? bearer(token) : {},
  })
const leave = (eventId: string, token?: string) =>
  app.inject({ method: 'POST', url: `/api/events/${eventId}/leave`, headers: token ? bearer(token) : {} })
const ids = async (eventId: string) =>
  (
    (await app.inject({ url: `/api/events/${eventId}`, headers: bearer(t.organizer) })).json() as Created
  ).participants.map((p) => p.id)

describe('DELETE /api/events/:id/participants/:participantId', () => {
  it('removes a participant, says so in a participant.removed message, and keeps them out of the event', async () => {
    const { event } = await eventWithPeople()
    const res = await remove(event.id, FRIEND, t.organizer)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().participants.map((p: { id: string }) => p.id)).not.toContain(FRIEND)
    const sent = await messages.forEvent(event.id, 4)
    const removal = sent.find((m) => m.type === 'participant.removed')!
    expect(removal.payload).toMatchObject({ participant: { id: FRIEND, name: 'Fred Friend' } })
    expect(removal.payload.participants.map((p) => p.id)).not.toContain(FRIEND)
    // A private event: the removed friend cannot even see it any more.
    expect((await app.inject({ url: `/api/events/${event.id}`, headers: bearer(t.friend) })).statusCode).toBe(
      404,
    )
  })

  it('refuses a rejoin with the same invite link until the organizer rotates it', async () => {
    const { event, guest } = await eventWithPeople()
    expect((await remove(event.id, FRIEND, t.organizer)).statusCode).toBe(200)
    expect((await remove(event.id, guest.id, t.organizer)).statusCode).toBe(200)
    const again = await joinByLink(app, event.inviteToken, { token: t.friend })
    expect(again.statusCode).toBe(403)
    expect(again.headers['content-type']).toContain('application/problem+json')
    expect(again.json().detail).toMatch(/removed/)
    // The removed guest's token names them: no fresh guest identity by the same link either.
    const guestAgain = await joinByLink(app, event.inviteToken, { token: guest.token, displayName: 'Gus 2' })
    expect(guestAgain.statusCode).toBe(403)
    expect(await ids(event.id)).toEqual([ORGANIZER])

    const rotated = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/invite-link`,
      headers: bearer(t.organizer),
    })
    expect(rotated.statusCode).toBe(200)
    const back = await joinByLink(app, rotated.json().inviteToken, { token: t.friend })
    expect(back.statusCode, back.body).toBe(200)
    expect(await ids(event.id)).toContain(FRIEND)
  })

  it('refuses a removed user joining a public event by id until the link is rotated or they are invited again', async () => {
    const event: Created = await createEvent(app, t.organizer, { visibility: 'public' })
    const joinById = () =>
      app.inject({ method: 'POST', url: `/api/events/${event.id}/join`, headers: bearer(t.friend) })
    expect((await joinById()).statusCode).toBe(200)
    expect((await remove(event.id, FRIEND, t.organizer)).statusCode).toBe(200)
    expect((await joinById()).statusCode).toBe(403)
    // Inviting them by name again is the organizer letting them back in.
    const invited = await app.inject({
      method: 'POST',
      url: `/api/events/${event.id}/invitations`,
      headers: bearer(t.organizer),
      payload: { userId: FRIEND, name: 'Fred Friend' },
    })
    expect(invited.statusCode, invited.body).toBe(200)
    expect((await joinById()).statusCode).toBe(200)
  })

  it('never removes the organizer (409) and answers 404 for someone who is not in the event', async () => {
    const { event } = await eventWithPeople()
    const self = await remove(event.id, ORGANIZER, t.organizer)
    expect(self.statusCode).toBe(409)
    expect(self.headers['content-type']).toContain('application/problem+json')
    expect((await remove(event.id, '64b0000000000000000000ff', t.organizer)).statusCode).toBe(404)
    expect((await remove(event.id, 'not an id!', t.organizer)).statusCode).toBe(400)
    expect(await ids(event.id)).toHaveLength(3)
  })
})

describe('POST /api/events/:id/leave', () => {
  it('lets a participant or guest leave (participant.left) and come back later with the link', async () => {
    const { event, guest } = await eventWithPeople()
    const res = await leave(event.id, t.friend)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ eventId: event.id, left: true })
    expect((await leave(event.id, guest.token)).statusCode).toBe(200)
    const sent = await messages.forEvent(event.id, 5)
    expect(
      sent
        .filter((m) => m.type === 'participant.left')
        .map((m) => (m.payload as { participant: { id: string } }).participant.id),
    ).toEqual([FRIEND, guest.id])
    expect(await ids(event.id)).toEqual([ORGANIZER])
    // Leaving is not a removal: the same link works.
    expect((await joinByLink(app, event.inviteToken, { token: t.friend })).statusCode).toBe(200)
  })

  it('refuses the last organizer (409) and someone who is not in the event (404 private, 403 public)', async () => {
    const { event } = await eventWithPeople()
    const organizer = await leave(event.id, t.organizer)
    expect(organizer.statusCode).toBe(409)
    expect(organizer.json().detail).toMatch(/last organizer/)
    expect((await leave(event.id, t.stranger)).statusCode).toBe(404)
    const open: Created = await createEvent(app, t.organizer, { visibility: 'public' })
    expect((await leave(open.id, t.stranger)).statusCode).toBe(403)
    expect((await leave(event.id)).statusCode).toBe(401)
  })
})

describe('GET /api/events/docs/json', () => {
  it('documents removing, leaving, capacity and the waitlist', async () => {
    // The ingress serves it as /api/events/docs/json; the service itself under /docs.
    const doc = (await app.inject({ url: '/docs/json' })).json()
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/events/{id}/leave', '/api/events/{id}/participants/{participantId}']),
    )
    const text = JSON.stringify(doc).toLowerCase()
    for (const word of ['capacity', 'waitlist', 'leave', 'remove a participant']) expect(text).toContain(word)
  })
})
