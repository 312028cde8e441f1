/**
 * JSON requests to a stack, each from a client address of its own (X-Forwarded-For, which the
 * ingress passes on), so per-IP budgets do not mask what a route answers.
 */
let ipCounter = 0
/** A client address no other request of this process used. */
export const nextClientIp = () => {
  ipCounter++
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export interface JsonAnswer<T = unknown> {
  status: number
  headers: Headers
  text: string
  /** The parsed body, or undefined when it is empty or not JSON. */
  json: T
}

export interface CallOptions {
  token?: string
  /** Sent as JSON. */
  body?: unknown
  /** Sent as is (with a JSON content type unless `headers` says otherwise). */
  raw?: string
  headers?: Record<string, string>
  /** The client address; a fresh one by default. */
  ip?: string
}

export async function call<T = unknown>(
  base: string,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<JsonAnswer<T>> {
  const headers: Record<string, string> = {
    'x-forwarded-for': options.ip ?? nextClientIp(),
    ...options.headers,
  }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined || options.raw !== undefined) {
    headers['content-type'] ??= 'application/json'
    body = options.raw ?? JSON.stringify(options.body)
  }
  const res = await fetch(`${base}${path}`, { method, headers, body, signal: AbortSignal.timeout(20_000) })
  const text = await res.text()
  let json: unknown = undefined
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json: json as T }
}
