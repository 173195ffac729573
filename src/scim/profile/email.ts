// Email syntax: validator.js's isEmail (RFC 5321/5322 addr-spec with a domain that has a TLD). The value
// is stored as sent.
import validator from 'validator'

export function emailProblem(value: string): string | undefined {
  return validator.isEmail(value, {
    allow_display_name: false,
    require_tld: true,
    allow_ip_domain: false,
  })
    ? undefined
    : `'${value}' is not a valid email address.`
}
