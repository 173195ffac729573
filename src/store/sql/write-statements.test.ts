// The write statements compiled once per shape: per dialect, the SQL Kysely would build and the values
// bound in its order; a second write of the same shape reuses the SQL with its own values.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely'
import { SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler, sql } from 'kysely'
import type { Database } from './tables.js'
import { writeStatements } from './write-statements.js'

const dialects = {
  SQLite: new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  PostgreSQL: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
}

const range = (n: number) => [...Array(n).keys()]

const role = (user: string, position: number, value: string) => ({
  tenant_id: 't1',
  user_id: user,
  position,
  value,
  value_folded: value.toLowerCase(),
  type: null,
  type_folded: null,
  is_primary: null,
  display: undefined,
  display_folded: null,
})

for (const [name, db] of Object.entries(dialects)) {
  describe(`write statements on ${name}`, () => {
    const writes = writeStatements(db)
    const cases = [
      {
        name: 'an INSERT of two rows (an undefined value leaves its column out)',
        run: () => writes.insert('user_roles', [role('u1', 0, 'A'), role('u1', 1, 'B')]),
        again: () => writes.insert('user_roles', [role('u2', 0, 'C'), role('u2', 1, 'D')]),
        built: () =>
          db
            .insertInto('user_roles')
            .values([role('u2', 0, 'C'), role('u2', 1, 'D')])
            .compile(),
      },
      {
        name: 'an INSERT of more rows than a shape holds (built for the write)',
        run: () =>
          writes.insert(
            'user_roles',
            [0, 1, 2, 3, 4].map((i) => role('u1', i, `R${i}`)),
          ),
        again: () =>
          writes.insert(
            'user_roles',
            [0, 1, 2, 3, 4].map((i) => role('u2', i, `S${i}`)),
          ),
        built: () =>
          db
            .insertInto('user_roles')
            .values([0, 1, 2, 3, 4].map((i) => role('u2', i, `S${i}`)))
            .compile(),
      },
      {
        name: 'an UPDATE of a row by key',
        run: () => writes.update('users', { active: 0, version: 2 }, { tenant_id: 't1', id: 'u1' }),
        again: () =>
          writes.update('users', { active: 1, version: 7 }, { tenant_id: 't2', id: 'u9' }),
        built: () =>
          db
            .updateTable('users')
            .set({ active: 1, version: 7 })
            .where('tenant_id', '=', 't2')
            .where('id', '=', 'u9')
            .compile(),
      },
      {
        name: 'a DELETE by key',
        run: () => writes.delete('user_emails', { tenant_id: 't1', user_id: 'u1' }),
        again: () => writes.delete('user_emails', { tenant_id: 't3', user_id: 'u3' }),
        built: () =>
          db
            .deleteFrom('user_emails')
            .where('tenant_id', '=', 't3')
            .where('user_id', '=', 'u3')
            .compile(),
      },
      ...[2, 5].map((roles) => ({
        name: `a create as one statement: the user, ${roles} roles, no email (left out), the count${roles > 4 ? ' (built for the write)' : ''}`,
        run: () =>
          writes.insertAll(
            [
              ['users', [{ tenant_id: 't1', id: 'u1', user_name: 'a' }]],
              ['user_emails', []],
              ['user_roles', range(roles).map((i) => role('u1', i, `R${i}`))],
            ],
            { tenant: 't1', resource: 'users', shard: 3, delta: 1 },
          ),
        again: () =>
          writes.insertAll(
            [
              ['users', [{ tenant_id: 't2', id: 'u2', user_name: 'b' }]],
              ['user_emails', []],
              ['user_roles', range(roles).map((i) => role('u2', i, `S${i}`))],
            ],
            { tenant: 't2', resource: 'users', shard: 5, delta: 1 },
          ),
        built: () =>
          db
            .with('w0', (c) =>
              c.insertInto('users').values({ tenant_id: 't2', id: 'u2', user_name: 'b' } as never),
            )
            .with('w1', (c) =>
              c.insertInto('user_roles').values(range(roles).map((i) => role('u2', i, `S${i}`))),
            )
            .insertInto('resource_counts')
            .values({ tenant_id: 't2', resource: 'users', shard: 5, n: 1 })
            .onConflict((oc) =>
              oc
                .columns(['tenant_id', 'resource', 'shard'])
                .doUpdateSet({ n: sql<number>`resource_counts.n + ${1}` }),
            )
            .compile(),
      })),
    ]
    for (const c of cases) {
      it(c.name, () => {
        c.run()
        const again = c.again()
        const built = c.built()
        assert.equal(again.sql, built.sql)
        assert.deepEqual(again.parameters, built.parameters)
      })
    }
  })
}
