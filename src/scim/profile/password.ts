// The tenant's password policy (xMatters Security Settings, ../shared/docs/xmatters-reference.md §4.3).
// Complexity levels as xMatters defines them:
//   none      no rule beyond length;
//   non-alpha at least one character that is not a letter;
//   strong    at least 6 characters, upper and lower case letters, a digit and a special character,
//             and no run of 3 consecutive characters of the user's login (userName).

export type Complexity = 'none' | 'non-alpha' | 'strong'

export interface PasswordPolicy {
  readonly minLength: number
  /** xMatters passwords cannot exceed 30 characters. */
  readonly maxLength: number
  readonly complexity: Complexity
}

export const PASSWORD_MAX = 30
export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minLength: 8,
  maxLength: PASSWORD_MAX,
  complexity: 'none',
}

/** Each rule the password breaks, worded for an admin; never includes the password itself. */
export function passwordProblems(
  password: string,
  policy: PasswordPolicy,
  userName: string,
): string[] {
  const problems: string[] = []
  const length = [...password].length
  if (length < policy.minLength)
    problems.push(`it must have at least ${policy.minLength} characters`)
  if (length > policy.maxLength)
    problems.push(`it must have at most ${policy.maxLength} characters`)
  if (policy.complexity === 'non-alpha' && !/[^\p{L}]/u.test(password)) {
    problems.push('it must contain at least one character that is not a letter')
  }
  if (policy.complexity === 'strong') {
    // Strong's own minimum, reported only when the tenant's minimum length did not already fail.
    if (length < 6 && length >= policy.minLength)
      problems.push('it must have at least 6 characters')
    if (!/\p{Lu}/u.test(password)) problems.push('it must contain an upper-case letter')
    if (!/\p{Ll}/u.test(password)) problems.push('it must contain a lower-case letter')
    if (!/\d/.test(password)) problems.push('it must contain a digit')
    if (!/[^\p{L}\d]/u.test(password)) problems.push('it must contain a special character')
    if (sharesRun(password, userName, 3)) {
      problems.push('it must not contain 3 consecutive characters of the user name')
    }
  }
  return problems
}

function sharesRun(password: string, login: string, run: number): boolean {
  const p = password.toLowerCase()
  const l = login.toLowerCase()
  for (let i = 0; i + run <= l.length; i++) if (p.includes(l.slice(i, i + run))) return true
  return false
}
