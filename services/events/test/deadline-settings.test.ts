/**
 * The deadline settings on events: defaults, what the API shows with and without a deadline, edits,
 * the indexed sweep key, and 400 problem+json for anything outside the contract.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ObjectId } from 'mongodb'
import { bearer, build, createEvent, tokens, type TestApp } from './helper.js'

let app: TestApp
const t = tokens()
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString()

beforeAll(async () => {
  app = await build()
})

const patch = (id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'PATCH', url: `/api/events/${id}`, headers: bearer(t.organizer), payload })
const stored = (id: string) => app.mongo.db.collection('events').findOne({ _id: new ObjectId(id) })

describe('deadline settings', () => {
  it('default to no automatic finalize and a 24 h nudge, which is off without a deadline', async () => {
    const none = await createEvent(app, t.organizer)
    expect(none).toMatchObject({ votingDeadline: null, autoFinalize: false, nudgeHoursBeforeDeadline: null })
    const deadline = inDays(2)
    const withDeadline = await patch(none.id, { votingDeadline: deadline })
    expect(withDeadline.json()).toMatchObject({ autoFinalize: false, nudgeHoursBeforeDeadline: 24 })
  })

  it('keep what the organizer chose, and carry the deadline hour for the sweeper only while it applies', async () => {
    const deadline = '2031-03-04T18:30:00.000Z'
    const event = await createEvent(app, t.organizer, {
      votingDeadline: deadline,
      autoFinalize: true,
      nudgeHoursBeforeDeadline: 6,
      timeOptions: [{ startsAt: '2031-03-10T18:00:00.000Z' }],
    })
    expect(event).toMatchObject({ autoFinalize: true, nudgeHoursBeforeDeadline: 6 })
    expect(await stored(event.id)).toMatchObject({ autoFinalizeHour: '2031-03-04T18' })
    const off = await patch(event.id, { autoFinalize: false, nudgeHoursBeforeDeadline: null })
    expect(off.statusCode, off.body).toBe(200)
    expect(off.json()).toMatchObject({ autoFinalize: false, nudgeHoursBeforeDeadline: null })
    expect(await stored(event.id)).toMatchObject({ autoFinalizeHour: null })
  })

  it.each([
    ['a nudge of 0 hours', { nudgeHoursBeforeDeadline: 0 }],
    ['a nudge over a week', { nudgeHoursBeforeDeadline: 169 }],
    ['a fractional nudge', { nudgeHoursBeforeDeadline: 1.5 }],
    ['a nudge as text', { nudgeHoursBeforeDeadline: 'soon' }],
    ['autoFinalize as text', { autoFinalize: 'yes' }],
  ])('refuse %s with 400 problem+json', async (_what, settings) => {
    const event = await createEvent(app, t.organizer)
    const res = await patch(event.id, settings)
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toContain('application/problem+json')
    const created = await app.inject({
      method: 'POST',
      url: '/api/events',
      headers: bearer(t.organizer),
      payload: { title: 'x', timeZone: 'UTC', votingDeadline: inDays(1), ...settings },
    })
    expect(created.statusCode).toBe(400)
  })

  it('let only the organizer change them', async () => {
    const event = await createEvent(app, t.organizer)
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/events/${event.id}`,
      headers: bearer(t.friend),
      payload: { autoFinalize: true },
    })
    expect([403, 404]).toContain(res.statusCode)
  })
})
