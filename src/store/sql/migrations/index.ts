// The schema's versioned migrations, written with Kysely's schema builder in SQL both databases share
// (text, integer, composite keys). A migration that needs a dialect's own SQL goes in that adapter's
// folder instead.
import type { Migration } from 'kysely'
import * as initial from './001-initial.js'
import * as groups from './002-groups.js'
import * as folded from './003-folded-columns.js'
import * as auth from './004-auth.js'
import * as userNameFold from './008-user-name-fold.js'

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-groups': groups,
  '003-folded-columns': folded,
  '004-auth': auth,
  '008-user-name-fold': userNameFold,
}
