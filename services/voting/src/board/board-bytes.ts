/**
 * A kept board's response bytes, made once per board and privacy view and then sent to every reader
 * as they are: the JSON (serialized against BoardSchema) and, for the readers that accept it, its
 * gzip. A 200-voter board is ~60 KB of JSON, mostly repeated voter names and ids, and gzips to a
 * tenth of that; every browser sends `Accept-Encoding: gzip`. Compressing once per board change
 * (not per read, as a compression plugin would) keeps the cost off the read path.
 */
import { gzipSync } from 'node:zlib'
import { Negotiator } from '@fastify/accept-negotiator'
import type { Board, BoardView } from '@prost/contracts'

export type BoardEncoding = 'gzip' | 'identity'

interface ViewBytes {
  json: Buffer
  gzip?: Buffer
}

const encodings = new Negotiator<BoardEncoding>({ supportedValues: ['gzip', 'identity'] })

/** Which encoding to answer with for this Accept-Encoding header (none or unparsable: identity). */
export function boardEncodingFor(acceptEncoding: string | undefined): BoardEncoding {
  return acceptEncoding ? (encodings.negotiate(acceptEncoding) ?? 'identity') : 'identity'
}

export function createBoardBytes() {
  // Keyed by the kept board object: a new board (a change) starts empty, an old one is collected.
  const kept = new WeakMap<Board, Map<BoardView, ViewBytes>>()
  return {
    /** The bytes of `board` in `view`, serialized by `serialize` the first time they are asked for. */
    of(board: Board, view: BoardView, encoding: BoardEncoding, serialize: () => string): Buffer {
      let views = kept.get(board)
      if (views === undefined) kept.set(board, (views = new Map()))
      let bytes = views.get(view)
      if (bytes === undefined) views.set(view, (bytes = { json: Buffer.from(serialize()) }))
      if (encoding === 'identity') return bytes.json
      return (bytes.gzip ??= gzipSync(bytes.json))
    },
  }
}
