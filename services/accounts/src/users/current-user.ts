/** The signed-in user behind a request, as the id the database uses. */
import { ObjectId } from 'mongodb'
import type { FastifyRequest } from 'fastify'
import { forbidden, unauthenticated, type AccessClaims } from '@prost/platform'

export function currentUserId(request: FastifyRequest): ObjectId {
  const claims: AccessClaims | undefined = request.user
  if (!claims) throw unauthenticated()
  if (claims.kind !== 'user') throw forbidden('Create an account to do this')
  // Other services share the signing secret; never trust a subject's shape blindly.
  if (!/^[0-9a-f]{24}$/.test(claims.sub)) throw unauthenticated('The access token is not valid')
  return new ObjectId(claims.sub)
}
