/**
 * The RFC 6902 JSON Patch that turns one board into the next, for sockets that asked for patches
 * (live-board.ts computes it once per view and change, not per socket).
 *
 * rfc6902 builds and applies the patch; only arrays are diffed here, through its `createPatch` hook.
 * Its own array diff is an edit-distance search whose cost grows with the square of the lists (and
 * more) when one voter leaves the middle of a 1,000-name list, and index-by-index diffs (as
 * fast-json-patch's `compare` does) rewrite every name after an insertion or removal. A board's lists
 * change by a few entries at a time (a ballot adds a name to one answer and takes it from another and
 * from `notVoted`), so: skip the common head and tail, then, when as many entries remain on both
 * sides, diff them in place (options whose counts and voters changed), else remove the old run and
 * add the new one. Linear, and a ballot's patch is a handful of operations.
 */
import { isDeepStrictEqual } from 'node:util'
import { createPatch, type Pointer } from 'rfc6902'
import type { Board, JsonPatchOperation } from '@prost/contracts'

type Operation = ReturnType<typeof createPatch>[number]

function diffArrays(input: unknown[], output: unknown[], ptr: Pointer): Operation[] {
  let head = 0
  const shorter = Math.min(input.length, output.length)
  while (head < shorter && isDeepStrictEqual(input[head], output[head])) head++
  let tail = 0
  while (
    tail < shorter - head &&
    isDeepStrictEqual(input[input.length - 1 - tail], output[output.length - 1 - tail])
  )
    tail++
  const removed = input.length - tail - head
  const added = output.length - tail - head
  const at = (index: number) => ptr.add(String(index)).toString()
  if (removed === added) {
    // In place: nested diffs (paths made absolute under this array's entry).
    return Array.from({ length: removed }, (_, i) =>
      createPatch(input[head + i], output[head + i], boardDiff).map((op) => ({
        ...op,
        path: at(head + i) + op.path,
      })),
    ).flat() as Operation[]
  }
  const operations: Operation[] = []
  // Removing at `head` again and again takes the old run out; the new run then goes in in order.
  for (let i = 0; i < removed; i++) operations.push({ op: 'remove', path: at(head) })
  for (let i = 0; i < added; i++) operations.push({ op: 'add', path: at(head + i), value: output[head + i] })
  return operations
}

/** The hook rfc6902 calls for each pair of nested values: arrays here, everything else its own way. */
function boardDiff(input: unknown, output: unknown, ptr: Pointer): Operation[] | void {
  if (Array.isArray(input) && Array.isArray(output)) return diffArrays(input, output, ptr)
}

/**
 * The operations that turn `before` into `after`. Both must be plain JSON (as they are sent): a key
 * holding `undefined` would otherwise become an operation the client cannot apply.
 */
export function boardPatch(before: Board, after: Board): JsonPatchOperation[] {
  return createPatch(before, after, boardDiff) as JsonPatchOperation[]
}
