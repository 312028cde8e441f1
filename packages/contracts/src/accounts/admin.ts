/** Admin views of accounts: a cursor-paginated user list and enabling/disabling one user. */
import { Type, type Static } from '@sinclair/typebox'
import { ObjectIdString } from '../common/ids.js'
import { CursorQuery, Page } from '../common/pagination.js'
import { UserSchema } from './user.js'

export const ListUsersQuerySchema = Type.Object({ ...CursorQuery }, { additionalProperties: false })
export type ListUsersQuery = Static<typeof ListUsersQuerySchema>

export const UserPageSchema = Page(UserSchema)
export type UserPage = Static<typeof UserPageSchema>

export const UserIdParamsSchema = Type.Object({ id: ObjectIdString }, { additionalProperties: false })
export type UserIdParams = Static<typeof UserIdParamsSchema>
