// The users every benchmark seeds: an email, a phone and a role each, named by their number, so that
// figures from different benchmarks describe the same directory.
import type { UserData } from '../src/scim/resource/user.js'
import type { TenantStore } from '../src/store/store.js'

/** User number `i` (`user${i}@contoso.com`). */
export function benchUser(i: number): UserData {
  return {
    userName: `user${i}@contoso.com`,
    externalId: `ext-${i}`,
    active: true,
    givenName: 'User',
    familyName: `Number${i}`,
    emails: [{ value: `user${i}@contoso.com`, type: 'work', device: 'Work Email' }],
    phoneNumbers: [
      {
        value: `+1415555${String(i % 10000).padStart(4, '0')}`,
        type: 'work',
        device: 'Work Phone',
      },
    ],
    roles: [{ value: 'Standard User' }],
  } as UserData
}

/** Users 0 to count - 1 through the store's batch (createUsers, 1,000 a call); their ids in order. */
export async function createBenchUsers(tenant: TenantStore, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let from = 0; from < count; from += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - from) }, (_, k) => ({
      data: benchUser(from + k),
    }))
    for (const user of await tenant.createUsers(batch)) if (user) ids.push(user.id)
  }
  return ids
}
