// Log entries: Redact's values never appear in a logged exchange, and unsent (dry-run) exchanges carry
// no status.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Exchange } from '../../check/client.js'
import { ObjectLog } from './object-log.js'

const header = {
  cycle: 1,
  cycleType: 'initial' as const,
  objectType: 'User' as const,
  sourceId: 'u1',
  name: 'joy',
  dryRun: false,
}
const exchange: Exchange = {
  method: 'POST',
  url: 'https://t.example/scim/Users',
  requestBody: { userName: 'joy', password: 'S3cret"pass' },
  status: 400,
  contentType: 'application/scim+json',
  text: '{"detail":"password S3cret\\"pass is too weak"}',
  body: undefined,
}

describe('ObjectLog', () => {
  it('shows Redact values as [Redact] in bodies and responses, JSON-escaped or not', () => {
    const log = new ObjectLog(header, 'https://t.example/scim')
    log.redact(['S3cret"pass'])
    log.step('Export', 'failure', 'POST /Users', exchange)
    const logged = log.entry('Create', 'failure', {
      errorCode: 'BadRequest',
      errorMessage: 'S3cret"pass refused',
    })
    const text = JSON.stringify(logged)
    assert.doesNotMatch(text, /S3cret/)
    assert.equal(
      (logged.steps[0]?.exchange?.requestBody as { password: string }).password,
      '[Redact]',
    )
    assert.equal(logged.steps[0]?.exchange?.path, '/Users')
    assert.equal(logged.errorMessage, '[Redact] refused')
  })
  it('keeps bodies as they are when nothing is redacted', () => {
    const log = new ObjectLog(header, 'https://t.example/scim')
    log.step('Export', 'failure', 'POST /Users', exchange)
    assert.equal(
      log.entry('Create', 'failure').steps[0]?.exchange?.requestBody,
      exchange.requestBody,
    )
  })
})
