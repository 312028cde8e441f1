/**
 * Opaque page cursors (`nextCursor` in, `?cursor=` back). Decoding is strict: only a cursor the
 * encoder could have written is accepted; a forged, damaged or foreign one is a 400 naming the query
 * parameter, never a query with an Invalid Date or a huge number in it.
 */
import { ObjectId } from 'mongodb'
import { invalid } from './problems.js'

const refused = () => invalid('/querystring/cursor', 'is not a cursor this list gave out')

/** Lists ordered by _id: the id of the last item of the page. */
export const idCursor = {
  encode: (id: ObjectId) => id.toHexString(),
  decode(cursor: string): ObjectId {
    if (!/^[0-9a-f]{24}$/.test(cursor)) throw refused()
    return new ObjectId(cursor)
  },
}

export interface TimeIdPosition {
  at: Date
  id: ObjectId
}

/** Lists ordered by (an instant, _id): both of the last item, base64url-encoded. */
export const timeIdCursor = {
  encode: ({ at, id }: TimeIdPosition) =>
    Buffer.from(`${at.getTime()}_${id.toHexString()}`).toString('base64url'),
  decode(cursor: string): TimeIdPosition {
    const match = /^(-?\d{1,16})_([0-9a-f]{24})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'))
    // A Date holds ±8.64e15 ms; past that it is Invalid Date, which Mongo compares as nothing useful.
    const at = new Date(match ? Number(match[1]) : Number.NaN)
    if (!match?.[2] || Number.isNaN(at.getTime())) throw refused()
    const position = { at, id: new ObjectId(match[2]) }
    // Only the one spelling the encoder writes (no leading zeros, no stray base64 bits or padding).
    if (timeIdCursor.encode(position) !== cursor) throw refused()
    return position
  },
}
