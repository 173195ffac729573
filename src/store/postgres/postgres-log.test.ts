// The log contract on PostgreSQL (when DATABASE_URL is set), each test in a schema of its own.
import { randomBytes } from 'node:crypto'
import { describe } from 'node:test'
import { runLogContract } from '../log.contract.js'
import { openPostgresLog } from './postgres-log.js'
import { locked } from './test-schema.js'

const url = process.env['DATABASE_URL']

if (url) {
  runLogContract({
    name: 'PostgreSQL',
    newLog: async (t) => {
      const schema = `roster_log_test_${randomBytes(6).toString('hex')}`
      const log = await locked(url, async (admin) => {
        await admin.query(`create schema ${schema}`)
        return openPostgresLog({ connectionString: url, schema })
      })
      t.after(async () => {
        await log.close()
        await locked(url, (admin) => admin.query(`drop schema ${schema} cascade`))
      })
      return log
    },
  })
} else {
  describe('provisioning log contract: PostgreSQL', { skip: 'DATABASE_URL is not set' }, () => {})
}
