// The schema's versioned migrations, written with Kysely's schema builder in SQL both databases share
// (text, integer, composite keys). A migration that needs each database's own SQL (triggers) takes the
// dialect: migrationsFor(dialect) is what each adapter applies.
import type { Migration } from 'kysely'
import * as initial from './001-initial.js'
import * as groups from './002-groups.js'
import * as folded from './003-folded-columns.js'
import * as auth from './004-auth.js'
import * as console from './006-console.js'
import * as userNameFold from './008-user-name-fold.js'
import { configVersion } from './009-config-version.js'
import * as resourceCounts from './011-resource-counts.js'
import { lastUsed } from './013-last-used.js'
import { userProperties } from './012-user-properties.js'
import { substringIndex } from './014-substring-index.js'
import { substringRange } from './015-substring-range.js'

export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '001-initial': initial,
  '002-groups': groups,
  '003-folded-columns': folded,
  '004-auth': auth,
  '006-console': console,
  '008-user-name-fold': userNameFold,
}

export function migrationsFor(dialect: 'sqlite' | 'postgres'): Record<string, Migration> {
  return {
    ...MIGRATIONS,
    '009-config-version': configVersion(dialect),
    '011-resource-counts': resourceCounts,
    '012-user-properties': userProperties(dialect),
    '013-last-used': lastUsed(dialect),
    '014-substring-index': substringIndex(dialect),
    '015-substring-range': substringRange(dialect),
  }
}
