import { describe, expect, it } from 'vitest'
import { MAX_COVER_BYTES } from '@prost/contracts'
import { bearer, buildWithEvent } from './helper.js'

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

function multipart(filename: string, contentType: string, body: Buffer) {
  const boundary = '----prost' + Math.random().toString(16).slice(2)
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  return {
    payload: Buffer.concat([head, body, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

const { app, t, event } = await buildWithEvent()
const eventId = event.id

const upload = (filename: string, type: string, body: Buffer, token = t.organizer) => {
  const form = multipart(filename, type, body)
  return app.inject({
    method: 'PUT',
    url: `/api/events/${eventId}/cover`,
    payload: form.payload,
    headers: { ...bearer(token), 'content-type': form.contentType },
  })
}

describe('cover images in MinIO', () => {
  it('stores a PNG and serves the same bytes back', async () => {
    const res = await upload('beer.png', 'image/png', PNG)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().hasCover).toBe(true)
    const image = await app.inject({ url: `/api/events/${eventId}/cover` })
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.rawPayload.equals(PNG)).toBe(true)
  })

  it('sniffs the content: a text file named .png with an image type is refused', async () => {
    const res = await upload('totally-an-image.png', 'image/png', Buffer.from('<script>alert(1)</script>'))
    expect(res.statusCode).toBe(415)
    expect(res.headers['content-type']).toContain('application/problem+json')
  })

  it('refuses images over 5 MB', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(MAX_COVER_BYTES + 10)])
    const res = await upload('big.png', 'image/png', big)
    expect(res.statusCode).toBe(413)
  })

  it('lets only the organizer upload', async () => {
    expect((await upload('beer.png', 'image/png', PNG, t.friend)).statusCode).toBe(403)
    expect((await app.inject({ method: 'PUT', url: `/api/events/${eventId}/cover` })).statusCode).toBe(401)
  })
})
