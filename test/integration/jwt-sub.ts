/** The `sub` of an access token (the user id a test's token stands for), without verifying it. */
export const decodeJwtSub = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub
