// One tenant's custom property definitions (migration 012): read with the tenant's configuration (cached
// per configuration version, so a CLI change applies to a running server's next request) and changed by
// the CLI and the console. Values refer to a definition by id: a rename touches no value but moves the
// version of the users that hold some (their SCIM representation names the property); removing a
// definition removes its values (ON DELETE CASCADE) and moves the holders' versions too.
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { ScimError } from '../../scim/errors.js'
import { MAX_PROPERTIES, propertyNameProblem } from '../../scim/schema/extension.js'
import type { PropertyDef, PropertyType } from '../../scim/schema/extension.js'
import type { PropertyDefinition, TenantStore } from '../store.js'
import type { ConfigCache } from './config-cache.js'
import type { Database, PropertyDefinitionRow } from './tables.js'

type PropertiesPart = Pick<
  TenantStore,
  | 'properties'
  | 'addProperty'
  | 'renameProperty'
  | 'removeProperty'
  | 'propertyHolders'
  | 'propertyHolderCounts'
>

export function propertyStore(
  db: Kysely<Database>,
  now: () => string,
  tenantId: string,
  cache: ConfigCache,
  changing: <T>(change: () => Promise<T>) => Promise<T>,
): PropertiesPart {
  const read = async (): Promise<readonly PropertyDefinition[]> => {
    const rows = await db
      .selectFrom('property_definitions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name_folded')
      .execute()
    return Object.freeze(rows.map(toDefinition))
  }
  const cached = () => cache.get(`properties:${tenantId}`, read)
  const byName = (name: string, run: Kysely<Database> = db) =>
    run
      .selectFrom('property_definitions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('name_folded', '=', name.toLowerCase())
  const holders = async (id: string, run: Kysely<Database> = db): Promise<number> => {
    const row = await run
      .selectFrom('user_property_values')
      .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('property_id', '=', id)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }
  /** Moves the version (the ETag, RFC 7644 §3.14) of every user holding a value of the property. */
  const touchHolders = async (id: string, run: Kysely<Database>): Promise<void> => {
    await run
      .updateTable('users')
      .set((eb) => ({ version: eb('version', '+', 1), last_modified: now() }))
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('user_property_values')
          .select('user_id')
          .where('tenant_id', '=', tenantId)
          .where('property_id', '=', id),
      )
      .execute()
  }
  const checkName = (name: string): void => {
    const problem = propertyNameProblem(name)
    if (problem) throw ScimError.invalidValue(`${problem}.`)
  }
  const taken = (name: string): ScimError =>
    ScimError.uniqueness(
      `A property named '${name}' already exists (names are unique ignoring case).`,
    )

  return {
    properties: cached,

    addProperty: (def) =>
      changing(async () => {
        checkName(def.name)
        const count = await db
          .selectFrom('property_definitions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
        if (Number(count.n) >= MAX_PROPERTIES)
          throw ScimError.invalidValue(`A tenant has at most ${MAX_PROPERTIES} properties.`)
        const row: PropertyDefinitionRow = {
          tenant_id: tenantId,
          id: randomUUID(),
          name: def.name,
          name_folded: def.name.toLowerCase(),
          type: def.type,
          canonical_values: JSON.stringify(def.canonicalValues),
          multi_valued: def.multiValued ? 1 : 0,
          required: def.required ? 1 : 0,
          max_length: def.maxLength ?? null,
          case_exact: def.caseExact ? 1 : 0,
          aliases: JSON.stringify(def.aliases),
          description: def.description,
          created: now(),
        }
        const inserted = await db
          .insertInto('property_definitions')
          .values(row)
          .onConflict((oc) => oc.columns(['tenant_id', 'name_folded']).doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw taken(def.name)
        return toDefinition(row)
      }),

    renameProperty: (name, newName) =>
      changing(async () =>
        db.transaction().execute(async (trx) => {
          checkName(newName)
          const found = await byName(name, trx).executeTakeFirst()
          if (!found) return undefined
          if (
            newName.toLowerCase() !== found.name_folded &&
            (await byName(newName, trx).executeTakeFirst())
          )
            throw taken(newName)
          await trx
            .updateTable('property_definitions')
            .set({ name: newName, name_folded: newName.toLowerCase() })
            .where('tenant_id', '=', tenantId)
            .where('id', '=', found.id)
            .execute()
          // The holders' SCIM representation changes (the attribute's name): their versions move.
          if (newName !== found.name) await touchHolders(found.id, trx)
          return toDefinition({ ...found, name: newName, name_folded: newName.toLowerCase() })
        }),
      ),

    removeProperty: (name, force) =>
      changing(async () =>
        db.transaction().execute(async (trx) => {
          const found = await trx
            .selectFrom('property_definitions')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('name_folded', '=', name.toLowerCase())
            .executeTakeFirst()
          if (!found) return { removed: false, holders: 0 }
          const held = await holders(found.id, trx)
          if (held > 0 && !force) return { removed: false, holders: held }
          // The users that held a value change: their version moves, so their ETags no longer match.
          await touchHolders(found.id, trx)
          await trx
            .deleteFrom('property_definitions')
            .where('tenant_id', '=', tenantId)
            .where('id', '=', found.id)
            .execute()
          return { removed: true, holders: held }
        }),
      ),

    async propertyHolderCounts() {
      // A single-valued property has one row per holder: count(*) over the covering index, no
      // DISTINCT (twice as fast); a multi-valued one counts distinct users.
      const defs = await cached()
      const count = async (ids: string[], distinct: boolean) =>
        ids.length === 0
          ? []
          : db
              .selectFrom('user_property_values')
              .select([
                'property_id',
                (eb) =>
                  (distinct
                    ? eb.fn.count<number>('user_id').distinct()
                    : eb.fn.countAll<number>()
                  ).as('n'),
              ])
              .where('tenant_id', '=', tenantId)
              .where('property_id', 'in', ids)
              .groupBy('property_id')
              .execute()
      const rows = (
        await Promise.all([
          count(
            defs.filter((d) => !d.multiValued).map((d) => d.id),
            false,
          ),
          count(
            defs.filter((d) => d.multiValued).map((d) => d.id),
            true,
          ),
        ])
      ).flat()
      return new Map(rows.map((r) => [r.property_id, Number(r.n)]))
    },

    async propertyHolders(name) {
      const found = await byName(name).executeTakeFirst()
      return found ? holders(found.id) : 0
    },
  }
}

function toDefinition(row: PropertyDefinitionRow): PropertyDefinition {
  const def: PropertyDef = {
    name: row.name,
    type: row.type as PropertyType,
    canonicalValues: JSON.parse(row.canonical_values) as string[],
    multiValued: row.multi_valued === 1,
    required: row.required === 1,
    maxLength: row.max_length ?? undefined,
    caseExact: row.case_exact === 1,
    aliases: JSON.parse(row.aliases) as string[],
    description: row.description,
  }
  return Object.freeze({ ...def, id: row.id, created: row.created })
}
