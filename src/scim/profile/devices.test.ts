// product.md, emails and phoneNumbers: `type` is a device name of the tenant or a SCIM canonical type
// mapped to one (`work` → Work Email for an email, Work Phone for a phone), both ignoring case.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_DEVICES, resolveDevice } from './devices.js'
import type { DeviceKind, DeviceName } from './devices.js'

const CASES: readonly { type: string; kind: DeviceKind; device: string | undefined }[] = [
  // Device names, any case.
  { type: 'Work Email', kind: 'email', device: 'Work Email' },
  { type: 'WORK EMAIL', kind: 'email', device: 'Work Email' },
  { type: 'home email', kind: 'email', device: 'Home Email' },
  { type: 'Other Email', kind: 'email', device: 'Other Email' },
  { type: ' Work Email ', kind: 'email', device: 'Work Email' },
  { type: 'Work Phone', kind: 'phone', device: 'Work Phone' },
  { type: 'mobile phone', kind: 'phone', device: 'Mobile Phone' },
  { type: 'SMS PHONE', kind: 'phone', device: 'SMS Phone' },
  // Canonical types, per kind.
  { type: 'work', kind: 'email', device: 'Work Email' },
  { type: 'work', kind: 'phone', device: 'Work Phone' },
  { type: 'Work', kind: 'phone', device: 'Work Phone' },
  { type: 'home', kind: 'email', device: 'Home Email' },
  { type: 'HOME', kind: 'phone', device: 'Home Phone' },
  { type: 'other', kind: 'email', device: 'Other Email' },
  { type: 'mobile', kind: 'phone', device: 'Mobile Phone' },
  // A name or alias of the other kind, or none at all.
  { type: 'mobile', kind: 'email', device: undefined },
  { type: 'other', kind: 'phone', device: undefined },
  { type: 'Work Email', kind: 'phone', device: undefined },
  { type: 'Work Phone', kind: 'email', device: undefined },
  { type: 'sms', kind: 'phone', device: undefined },
  { type: 'fax', kind: 'phone', device: undefined },
  { type: 'pager', kind: 'phone', device: undefined },
  { type: 'WorkEmail', kind: 'email', device: undefined },
  { type: '', kind: 'email', device: undefined },
]

describe('resolveDevice with the default devices', () => {
  for (const c of CASES) {
    it(`${c.kind} type ${JSON.stringify(c.type)} → ${c.device ?? 'none'}`, () => {
      assert.equal(resolveDevice(c.type, c.kind, DEFAULT_DEVICES), c.device)
    })
  }
})

// A tenant that renamed its devices: `work` now means Office Phone, and a name wins over an alias.
const CUSTOM: readonly DeviceName[] = [
  { name: 'Office Phone', kind: 'phone', aliases: ['work'] },
  { name: 'Work', kind: 'email', aliases: [] },
  { name: 'Corporate Email', kind: 'email', aliases: ['work'] },
  { name: 'Pager', kind: 'phone', aliases: ['pager'] },
]

const CUSTOM_CASES: readonly { type: string; kind: DeviceKind; device: string | undefined }[] = [
  { type: 'work', kind: 'phone', device: 'Office Phone' },
  { type: 'office phone', kind: 'phone', device: 'Office Phone' },
  { type: 'work', kind: 'email', device: 'Work' },
  { type: 'corporate email', kind: 'email', device: 'Corporate Email' },
  { type: 'pager', kind: 'phone', device: 'Pager' },
  { type: 'Work Phone', kind: 'phone', device: undefined },
  { type: 'mobile', kind: 'phone', device: undefined },
]

describe('resolveDevice with tenant-defined devices', () => {
  for (const c of CUSTOM_CASES) {
    it(`${c.kind} type ${JSON.stringify(c.type)} → ${c.device ?? 'none'}`, () => {
      assert.equal(resolveDevice(c.type, c.kind, CUSTOM), c.device)
    })
  }
  it('finds nothing when the tenant has no device of the kind', () => {
    assert.equal(
      resolveDevice(
        'work',
        'phone',
        DEFAULT_DEVICES.filter((d) => d.kind === 'email'),
      ),
      undefined,
    )
  })
})

describe('DEFAULT_DEVICES', () => {
  it('has unique names and, per kind, unique aliases', () => {
    const names = DEFAULT_DEVICES.map((d) => d.name.toLowerCase())
    assert.equal(new Set(names).size, names.length)
    for (const kind of ['email', 'phone'] as const) {
      const aliases = DEFAULT_DEVICES.filter((d) => d.kind === kind).flatMap((d) => d.aliases)
      assert.equal(new Set(aliases).size, aliases.length, kind)
    }
  })
  it('lists Work Email first among emails and Work Phone first among phones (the untyped default)', () => {
    assert.equal(DEFAULT_DEVICES.find((d) => d.kind === 'email')?.name, 'Work Email')
    assert.equal(DEFAULT_DEVICES.find((d) => d.kind === 'phone')?.name, 'Work Phone')
  })
})
