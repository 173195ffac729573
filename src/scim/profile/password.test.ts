// product.md, password: the tenant's policy (default 8-30 characters; complexity none, non-alpha or
// strong as xMatters defines them, xmatters-reference.md §4.3). Problems never quote the password.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_PASSWORD_POLICY, PASSWORD_MAX, passwordProblems } from './password.js'
import type { PasswordPolicy } from './password.js'

const DEFAULT = DEFAULT_PASSWORD_POLICY
const NON_ALPHA: PasswordPolicy = { ...DEFAULT, complexity: 'non-alpha' }
const STRONG: PasswordPolicy = { ...DEFAULT, complexity: 'strong' }
const STRONG_4: PasswordPolicy = { minLength: 4, maxLength: PASSWORD_MAX, complexity: 'strong' }

const MIN_8 = 'it must have at least 8 characters'
const MIN_6 = 'it must have at least 6 characters'
const MAX_30 = 'it must have at most 30 characters'
const NOT_LETTER = 'it must contain at least one character that is not a letter'
const UPPER = 'it must contain an upper-case letter'
const LOWER = 'it must contain a lower-case letter'
const DIGIT = 'it must contain a digit'
const SPECIAL = 'it must contain a special character'
const LOGIN = 'it must not contain 3 consecutive characters of the user name'

const CASES: readonly {
  password: string
  policy: PasswordPolicy
  userName?: string
  problems: readonly string[]
  why: string
}[] = [
  // Default policy: 8-30 characters, no complexity.
  { password: 'abcdefgh', policy: DEFAULT, problems: [], why: '8 letters' },
  { password: 'abcdefg', policy: DEFAULT, problems: [MIN_8], why: '7 characters' },
  { password: 'a'.repeat(30), policy: DEFAULT, problems: [], why: '30 characters' },
  { password: 'a'.repeat(31), policy: DEFAULT, problems: [MAX_30], why: '31 characters' },
  { password: '', policy: DEFAULT, problems: [MIN_8], why: 'empty' },
  { password: '😀'.repeat(8), policy: DEFAULT, problems: [], why: 'length counts code points' },
  {
    password: '😀'.repeat(30),
    policy: DEFAULT,
    problems: [],
    why: '30 code points, 60 UTF-16 units',
  },
  {
    password: 'joyyoung',
    policy: DEFAULT,
    userName: 'joyyoung',
    problems: [],
    why: 'none: login allowed',
  },
  // Non-alpha: at least one character that is not a letter.
  { password: 'abcdefgh', policy: NON_ALPHA, problems: [NOT_LETTER], why: 'letters only' },
  {
    password: 'abcdéfgh',
    policy: NON_ALPHA,
    problems: [NOT_LETTER],
    why: 'accented letters are letters',
  },
  { password: 'abcdefg1', policy: NON_ALPHA, problems: [], why: 'a digit' },
  { password: 'abcdefg ', policy: NON_ALPHA, problems: [], why: 'a space' },
  {
    password: 'abc',
    policy: NON_ALPHA,
    problems: [MIN_8, NOT_LETTER],
    why: 'short and letters only',
  },
  // Strong: upper, lower, digit, special, no 3 consecutive characters of the userName (any case).
  {
    password: 'Correct-Horse-9',
    policy: STRONG,
    userName: 'joy.young@contoso.com',
    problems: [],
    why: 'strong',
  },
  { password: 'correct-horse-9', policy: STRONG, problems: [UPPER], why: 'no upper case' },
  { password: 'CORRECT-HORSE-9', policy: STRONG, problems: [LOWER], why: 'no lower case' },
  { password: 'Correct-Horse-x', policy: STRONG, problems: [DIGIT], why: 'no digit' },
  { password: 'CorrectHorse9', policy: STRONG, problems: [SPECIAL], why: 'no special character' },
  { password: 'Ab1 xyzw', policy: STRONG, problems: [], why: 'a space is special' },
  { password: 'Ab1_xyzw', policy: STRONG, problems: [], why: 'an underscore is special' },
  {
    password: 'abcdefgh',
    policy: STRONG,
    problems: [UPPER, DIGIT, SPECIAL],
    why: 'three rules broken',
  },
  {
    password: 'Xjoy-Pass-9',
    policy: STRONG,
    userName: 'JOYyoung',
    problems: [LOGIN],
    why: "'joy' of the login, other case",
  },
  {
    password: 'X-YOU-Pass-9',
    policy: STRONG,
    userName: 'joyyoung',
    problems: [LOGIN],
    why: "'you' from the middle",
  },
  {
    password: 'Xjo-Pass-9',
    policy: STRONG,
    userName: 'JOYyoung',
    problems: [],
    why: 'only 2 consecutive',
  },
  {
    password: 'Xj-o-y-Pass-9',
    policy: STRONG,
    userName: 'joy',
    problems: [],
    why: 'not consecutive',
  },
  {
    password: 'Ab1!xyzw',
    policy: STRONG,
    userName: 'jo',
    problems: [],
    why: 'login shorter than 3',
  },
  {
    password: 'aB1!.123',
    policy: STRONG,
    userName: '1.123',
    problems: [LOGIN],
    why: 'digits and dots of the login',
  },
  {
    password: 'Ab1!ÄBCx',
    policy: STRONG,
    userName: 'äbc',
    problems: [LOGIN],
    why: 'non-ASCII case folding',
  },
  { password: 'Ab1!x', policy: STRONG_4, problems: [MIN_6], why: "strong's own minimum of 6" },
  { password: 'Ab1!xy', policy: STRONG_4, problems: [], why: '6 characters, minimum 4' },
  {
    password: 'Ab1!',
    policy: STRONG,
    problems: [MIN_8],
    why: 'below both minimums: reported once',
  },
  {
    password: 'Aa1!'.repeat(8),
    policy: STRONG,
    problems: [MAX_30],
    why: 'strong but 32 characters',
  },
]

describe('passwordProblems', () => {
  for (const c of CASES) {
    it(`${c.policy.complexity} ${JSON.stringify(c.password)}${c.userName ? ` for ${c.userName}` : ''}: ${c.why}`, () => {
      const problems = passwordProblems(c.password, c.policy, c.userName ?? 'someone')
      assert.deepEqual(problems, c.problems)
      for (const problem of problems) {
        if (c.password !== '') assert.ok(!problem.includes(c.password), problem)
      }
    })
  }

  it('has the xMatters defaults: 8 to 30 characters, no complexity', () => {
    assert.deepEqual(DEFAULT_PASSWORD_POLICY, { minLength: 8, maxLength: 30, complexity: 'none' })
  })

  it('never quotes the password, nor a run of it, in any problem', () => {
    const secret = 'Sup3r$ecretJoy'
    const problems = passwordProblems(
      secret,
      { minLength: 20, maxLength: 10, complexity: 'strong' },
      'joy',
    )
    assert.ok(problems.length >= 3)
    for (const problem of problems) {
      for (let i = 0; i + 4 <= secret.length; i++) {
        assert.ok(
          !problem.includes(secret.slice(i, i + 4)),
          `${problem} quotes ${secret.slice(i, i + 4)}`,
        )
      }
    }
  })
})
