/**
 * What the database driver's errors mean to a client. The kit's error handler asks these, so
 * repositories call the driver directly and a failure still leaves as a clear problem: a unique
 * index refusing a write is a 409, a database that cannot be reached is a 503 with Retry-After.
 */
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb'

/** A write refused by a unique index (E11000). */
export const isDuplicateKey = (error: unknown): error is MongoServerError =>
  error instanceof MongoServerError && error.code === 11000

/** The database could not be reached or went away mid-request (a cleared pool is a network error too): worth retrying later, not a bug. */
export const isDatabaseUnavailable = (error: unknown): boolean =>
  error instanceof MongoNetworkError ||
  error instanceof MongoServerSelectionError ||
  error instanceof MongoNotConnectedError ||
  error instanceof MongoTopologyClosedError

/**
 * Names what a duplicate-key error tripped over, for the problem's detail: the index's fields
 * where the store says (MongoDB's keyPattern). FerretDB names only the collection, which is not
 * for clients to see.
 */
export function duplicateKeyDetail(error: MongoServerError): string {
  const pattern = (error.keyPattern ?? error.keyValue) as Record<string, unknown> | undefined
  return pattern
    ? `Another record already has the same ${Object.keys(pattern).join(', ')}`
    : 'Another record already has that value'
}
