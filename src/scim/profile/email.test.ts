// product.md, emails: `value` must be a valid address (validator.js isEmail: no display name, a TLD, no IP
// domain). validator.js accepts UTF-8 local parts and internationalised domains by default.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { emailProblem } from './email.js'

const CASES: readonly { value: string; valid: boolean; why: string }[] = [
  { value: 'joy.young@contoso.com', valid: true, why: 'plain address' },
  { value: 'Joy.Young@Contoso.COM', valid: true, why: 'mixed case' },
  { value: 'a+tag@example.co.uk', valid: true, why: 'plus tag, two-part TLD' },
  {
    value: 'Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com',
    valid: true,
    why: "Entra's test user",
  },
  { value: '"joy young"@contoso.com', valid: true, why: 'quoted local part with a space' },
  { value: 'josé@example.com', valid: true, why: 'UTF-8 local part' },
  { value: '用户@example.com', valid: true, why: 'CJK local part' },
  { value: 'joy@contöso.com', valid: true, why: 'internationalised domain' },
  { value: '😀@contoso.com', valid: false, why: 'emoji local part (validator.js rejects symbols)' },
  { value: 'joy.young.contoso.com', valid: false, why: 'missing @' },
  { value: 'joy@@contoso.com', valid: false, why: 'two @' },
  { value: '@contoso.com', valid: false, why: 'empty local part' },
  { value: 'joy young@contoso.com', valid: false, why: 'unquoted space in local part' },
  { value: 'joy@contoso .com', valid: false, why: 'space in domain' },
  { value: ' joy@contoso.com', valid: false, why: 'leading space' },
  { value: 'joy@contoso.com ', valid: false, why: 'trailing space' },
  { value: 'joy@contoso', valid: false, why: 'no TLD' },
  { value: 'joy@localhost', valid: false, why: 'single-label domain' },
  { value: 'joy@contoso.c', valid: false, why: 'one-letter TLD' },
  { value: 'Joy <joy@contoso.com>', valid: false, why: 'display-name form' },
  { value: '<joy@contoso.com>', valid: false, why: 'angle brackets' },
  { value: 'joy@192.168.0.1', valid: false, why: 'IP domain' },
  { value: 'joy@[192.168.0.1]', valid: false, why: 'IP literal domain' },
  { value: '.joy@contoso.com', valid: false, why: 'leading dot' },
  { value: 'jo..y@contoso.com', valid: false, why: 'consecutive dots' },
  { value: `${'x'.repeat(65)}@contoso.com`, valid: false, why: 'local part over 64 characters' },
  { value: '', valid: false, why: 'empty' },
]

describe('emailProblem', () => {
  for (const c of CASES) {
    it(`${c.valid ? 'accepts' : 'rejects'} ${JSON.stringify(c.value)} (${c.why})`, () => {
      const problem = emailProblem(c.value)
      if (c.valid) assert.equal(problem, undefined)
      else assert.equal(problem, `'${c.value}' is not a valid email address.`)
    })
  }
})
