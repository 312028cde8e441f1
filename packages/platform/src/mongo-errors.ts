/** Typed errors for what the database tells us, so routes never leak driver errors as 500s. */
import { MongoServerError, MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError } from 'mongodb'

export class DuplicateKeyError extends Error {
  override name = 'DuplicateKeyError'
  constructor(
    readonly keyPattern: Record<string, unknown> | undefined,
    options?: { cause?: unknown },
  ) {
    const fields = keyPattern ? Object.keys(keyPattern).join(', ') : 'a unique field'
    super(`Another record already has the same ${fields}`, options)
  }
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError'
}

/** Wraps a driver error into one of ours; anything else is passed through unchanged. */
export function translateMongoError(error: unknown): unknown {
  if (error instanceof MongoServerError && error.code === 11000) {
    return new DuplicateKeyError(error.keyPattern as Record<string, unknown> | undefined, { cause: error })
  }
  if (
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError
  ) {
    return new DatabaseUnavailableError('The database is unreachable', { cause: error })
  }
  return error
}

/** Runs a database call and rethrows its errors translated. */
export async function withMongoErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw translateMongoError(error)
  }
}
