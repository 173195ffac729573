// The Group as Roster stores it (RFC 7643 §4.2): its own attributes, and members kept apart because a
// group may have a hundred thousand of them; they are read and written as rows, never as one array.
import type { UserData } from './user.js'

export type MemberType = 'User' | 'Group'

export interface GroupData {
  readonly displayName: string
  readonly externalId?: string
}

export interface GroupRecord extends GroupData {
  readonly id: string
  readonly created: string
  readonly lastModified: string
  readonly version: number
}

/** A member as a request names it: its id, and its type when the client said which. */
export interface MemberRef {
  readonly value: string
  readonly type?: MemberType
}

/** A member as stored and returned. `display` is the user's name or the group's displayName. */
export interface Member {
  readonly value: string
  readonly type: MemberType
  readonly display: string
}

/**
 * A user's `display` as a member: "given family" (spaces trimmed), else its userName. The store computes
 * the same in SQL (store/sql/columns.ts userDisplay); this one tells whether a change of the user changes
 * the representation of the groups holding it.
 */
export function userMemberDisplay(
  user: Pick<UserData, 'userName' | 'givenName' | 'familyName'>,
): string {
  const joined = `${user.givenName ?? ''} ${user.familyName ?? ''}`.replace(/^ +| +$/g, '')
  return joined === '' ? user.userName : joined
}

/** A validated group body: its data, its members (distinct ids, in the order sent), what was ignored. */
export interface GroupInput {
  readonly data: GroupData
  readonly members: readonly MemberRef[]
  readonly ignored: readonly string[]
}

/** A group a user belongs to (User.groups): `direct`, or `indirect` through nested groups. */
export interface UserGroup {
  readonly value: string
  readonly display: string
  readonly type: 'direct' | 'indirect'
}
