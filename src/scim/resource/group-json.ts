// Groups as SCIM (RFC 7643 §4.2): the group's own attributes, and members rendered one by one so that a
// group of any size can be streamed. The one place where stored group fields become SCIM names.
import type { JsonObject } from './coerce.js'
import type { GroupData, GroupRecord, Member } from './group.js'
import { meta, resourceUri } from './meta.js'
import { GROUP_SCHEMA } from '../schema/group.js'

/** The writable attributes without members (no id, no meta): the input of a group PATCH's attribute part. */
export function groupDataToJson(group: GroupData): JsonObject {
  return {
    schemas: [GROUP_SCHEMA],
    ...(group.externalId !== undefined ? { externalId: group.externalId } : {}),
    displayName: group.displayName,
  }
}

/** The group without members, keys in the order of the full representation (members go before meta). */
export function groupToJson(group: GroupRecord, base: string): JsonObject {
  const { schemas, ...rest } = groupDataToJson(group)
  return {
    schemas: schemas ?? [GROUP_SCHEMA],
    id: group.id,
    ...rest,
    meta: { ...meta('Group', resourceUri(base, 'Group', group.id), group) },
  }
}

export function memberToJson(member: Member, base: string): JsonObject {
  return {
    value: member.value,
    $ref: resourceUri(base, member.type, member.value),
    type: member.type,
    display: member.display,
  }
}
