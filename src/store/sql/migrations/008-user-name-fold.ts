// 008: userNames compare as RFC 8265's UsernameCaseMapped profile (width mapping, case folding, NFC;
// scim/profile/user-name.ts) instead of by lower case alone. Existing rows are folded again in code.
// Two users whose names become equal under the new folding would break the unique constraint: the
// migration then fails, naming the constraint, and the database is left as it was (an admin renames
// one of the two and starts again).
import type { Kysely } from 'kysely'
import { foldUserName } from '../../../scim/profile/user-name.js'
import { backfillFolded } from './backfill.js'

export async function up(db: Kysely<unknown>): Promise<void> {
  await backfillFolded(db, 'users', 'id', ['user_name'], foldUserName)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await backfillFolded(db, 'users', 'id', ['user_name'], (value) => value.toLowerCase())
}
