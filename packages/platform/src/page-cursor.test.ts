import { describe, expect, it } from 'vitest'
import { ObjectId } from 'mongodb'
import { idCursor, timeIdCursor } from './page-cursor.js'
import { HttpProblem } from './problems.js'

const id = new ObjectId('0123456789abcdef01234567')
const b64 = (text: string) => Buffer.from(text).toString('base64url')

/** The refusal every bad cursor gets: a 400 naming the query parameter. */
function refusal(decode: () => unknown) {
  try {
    decode()
  } catch (error) {
    if (error instanceof HttpProblem) return { kind: error.kind, path: error.errors?.[0]?.path }
    throw error
  }
  return 'accepted'
}
const REFUSED = { kind: 'validation', path: '/querystring/cursor' }

describe('timeIdCursor', () => {
  it('decodes what it encodes, before 1970 too', () => {
    for (const at of [new Date('2030-06-01T18:30:00.123Z'), new Date(0), new Date('1900-01-01T00:00:00Z')]) {
      const decoded = timeIdCursor.decode(timeIdCursor.encode({ at, id }))
      expect(decoded.at.toISOString()).toBe(at.toISOString())
      expect(decoded.id.equals(id)).toBe(true)
    }
  })

  for (const [name, cursor] of [
    ['a huge timestamp', b64(`99999999999999999999_${id.toHexString()}`)],
    ['a timestamp just past what a Date holds', b64(`8640000000000001_${id.toHexString()}`)],
    ['a fractional timestamp', b64(`1.5_${id.toHexString()}`)],
    ['an exponent', b64(`1e21_${id.toHexString()}`)],
    ['leading zeros', b64(`0001_${id.toHexString()}`)],
    ['an extra part', b64(`1_${id.toHexString()}_x`)],
    ['a short id', b64(`1_${id.toHexString().slice(1)}`)],
    ['an upper-case id', b64(`1_${id.toHexString().toUpperCase()}`)],
    ['no time', b64(`_${id.toHexString()}`)],
    ['a NUL', b64(`1\u0000_${id.toHexString()}`)],
    ['stray characters around valid base64', `${timeIdCursor.encode({ at: new Date(1), id })}=`],
    ['not base64 at all', '%24where'],
    ['an empty cursor', ''],
  ] as const) {
    it(`refuses ${name} with a 400`, () => {
      expect(refusal(() => timeIdCursor.decode(cursor))).toEqual(REFUSED)
    })
  }
})

describe('idCursor', () => {
  it('decodes what it encodes', () => {
    expect(idCursor.decode(idCursor.encode(id)).equals(id)).toBe(true)
  })

  for (const cursor of ['abc', id.toHexString().toUpperCase(), `${id.toHexString()}0`, '$where', '']) {
    it(`refuses ${JSON.stringify(cursor)} with a 400`, () => {
      expect(refusal(() => idCursor.decode(cursor))).toEqual(REFUSED)
    })
  }
})
