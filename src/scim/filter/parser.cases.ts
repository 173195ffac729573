// The filter parser's table (style.md §5.10): `{ input, ast }` rows that parse, `{ input, error }` rows that
// are 400 invalidFilter with `error` in the detail. Shared by parser.test.ts and print.test.ts (round trip).
import { and, compare, not, nul, num, or, path, present, str, bool, valuePath } from './ast.js'
import type { CompareOp, Filter, Literal } from './ast.js'
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from './limits.js'

export interface ValidCase {
  readonly input: string
  readonly ast: Filter
}

export interface ErrorCase {
  readonly input: string
  /** A substring of the detail; every row names the 1-based position of the fault. */
  readonly error: string
}

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

/** [roster] an unquoted compValue, read as a string. */
const bare = (value: string): Literal => ({ type: 'string', value, quoted: false })
/** A number literal as written (`1.5e3` keeps its text for printing). */
const number = (raw: string): Literal => ({ type: 'number', value: Number(raw), raw })
const eq = (p: string, value: Literal): Filter => compare(path(p), 'eq', value)
const pr = (p: string): Filter => present(path(p))

const OPS: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']
const mixedCase = (op: string): string => `${op[0]?.toUpperCase()}${op.slice(1)}`

const nested = (depth: number, inner: string): string =>
  '('.repeat(depth) + inner + ')'.repeat(depth)
const notNested = (depth: number, inner: string): string =>
  'not ('.repeat(depth) + inner + ')'.repeat(depth)
const wrapNot = (depth: number, filter: Filter): Filter =>
  depth === 0 ? filter : not(wrapNot(depth - 1, filter))

export const VALID_CASES: readonly ValidCase[] = [
  // attrExp = attrPath SP compareOp SP compValue: every operator, in lower, upper and mixed case.
  ...OPS.flatMap((op) => [
    { input: `userName ${op} "a"`, ast: compare(path('userName'), op, str('a')) },
    { input: `userName ${op.toUpperCase()} "a"`, ast: compare(path('userName'), op, str('a')) },
    { input: `userName ${mixedCase(op)} "a"`, ast: compare(path('userName'), op, str('a')) },
  ]),
  // attrExp = attrPath SP "pr"
  { input: 'title pr', ast: pr('title') },
  { input: 'title PR', ast: pr('title') },
  { input: 'emails pr', ast: pr('emails') },
  { input: 'name.givenName Pr', ast: pr('name.givenName') },

  // attrPath = [URI ":"] ATTRNAME *1subAttr; ATTRNAME = ALPHA *(nameChar)
  { input: 'name.familyName eq "Jensen"', ast: eq('name.familyName', str('Jensen')) },
  { input: 'x-y_z9 eq 1', ast: eq('x-y_z9', num(1)) },
  {
    input: 'meta.lastModified gt "2011-05-13T04:42:34Z"',
    ast: compare(path('meta.lastModified'), 'gt', str('2011-05-13T04:42:34Z')),
  },
  { input: '$ref eq "x"', ast: eq('$ref', str('x')) },
  // Keywords are attribute names where an attribute is expected.
  { input: 'not eq "x"', ast: eq('not', str('x')) },
  { input: 'and pr', ast: pr('and') },
  { input: `${CORE}:userName eq "a"`, ast: eq(`${CORE}:userName`, str('a')) },
  {
    input: `${CORE}:name.givenName sw "A"`,
    ast: compare(path(`${CORE}:name.givenName`), 'sw', str('A')),
  },
  {
    input: `${ENTERPRISE}:employeeNumber eq "701984"`,
    ast: eq(`${ENTERPRISE}:employeeNumber`, str('701984')),
  },
  {
    input: `${ENTERPRISE}:manager.value eq "26118915"`,
    ast: eq(`${ENTERPRISE}:manager.value`, str('26118915')),
  },
  {
    input: `URN:IETF:params:scim:schemas:core:2.0:User:userName pr`,
    ast: pr('URN:IETF:params:scim:schemas:core:2.0:User:userName'),
  },

  // compValue = false / null / true / number / string (JSON, RFC 8259), keywords in any case.
  { input: 'active eq true', ast: eq('active', bool(true)) },
  { input: 'active eq False', ast: eq('active', bool(false)) },
  { input: 'active eq TRUE', ast: eq('active', bool(true)) },
  { input: 'externalId eq null', ast: eq('externalId', nul) },
  { input: 'externalId ne NULL', ast: compare(path('externalId'), 'ne', nul) },
  { input: 'x eq 0', ast: eq('x', num(0)) },
  { input: 'x eq -1', ast: eq('x', num(-1)) },
  { input: 'x gt 1.5', ast: compare(path('x'), 'gt', num(1.5)) },
  { input: 'x lt -0.25', ast: compare(path('x'), 'lt', num(-0.25)) },
  { input: 'x eq 1.5e3', ast: eq('x', number('1.5e3')) },
  { input: 'x eq 2E-2', ast: eq('x', number('2E-2')) },
  { input: 'x eq 1e+2', ast: eq('x', number('1e+2')) },
  { input: 'userName eq ""', ast: eq('userName', str('')) },
  { input: 'userName eq "a b"', ast: eq('userName', str('a b')) },
  { input: 'userName eq "say \\"hi\\""', ast: eq('userName', str('say "hi"')) },
  { input: 'userName eq "back\\\\slash"', ast: eq('userName', str('back\\slash')) },
  { input: 'userName eq "caf\\u00e9"', ast: eq('userName', str('café')) },
  { input: 'userName eq "café"', ast: eq('userName', str('café')) },
  { input: 'userName eq "\\/\\b\\f\\n\\r\\t"', ast: eq('userName', str('/\b\f\n\r\t')) },
  { input: 'userName eq "\\ud83d\\ude00"', ast: eq('userName', str('😀')) },
  { input: 'userName eq "(a) [b] and or not"', ast: eq('userName', str('(a) [b] and or not')) },
  { input: 'userName eq "true"', ast: eq('userName', str('true')) },
  { input: 'userName eq "1"', ast: eq('userName', str('1')) },

  // [roster] unquoted values (Entra, entra-client-behaviour.md §2.3 and Q16).
  { input: 'externalId eq jyoung', ast: eq('externalId', bare('jyoung')) },
  { input: 'userName eq a@contoso.com', ast: eq('userName', bare('a@contoso.com')) },
  { input: 'externalId eq 01', ast: eq('externalId', bare('01')) },
  { input: 'externalId eq 1.', ast: eq('externalId', bare('1.')) },
  { input: 'externalId eq not', ast: eq('externalId', bare('not')) },
  // Single quotes delimit nothing: `'x'` is an unquoted value of three characters.
  { input: "userName eq 'x'", ast: eq('userName', bare("'x'")) },
  { input: 'externalId eq caf\u00e9\u00a0x', ast: eq('externalId', bare('caf\u00e9\u00a0x')) },
  {
    input:
      'id eq 54D382A4-2050-4C03-94D1-E769F1D15682 and manager eq 2819c223-7f76-453a-919d-413861904646',
    ast: and(
      eq('id', bare('54D382A4-2050-4C03-94D1-E769F1D15682')),
      eq('manager', bare('2819c223-7f76-453a-919d-413861904646')),
    ),
  },

  // logExp = FILTER SP ("and" / "or") SP FILTER: left-associative; not > and > or; parentheses group.
  { input: 'a pr and b pr', ast: and(pr('a'), pr('b')) },
  { input: 'a pr AND b pr Or c pr', ast: or(and(pr('a'), pr('b')), pr('c')) },
  { input: 'a pr or b pr and c pr', ast: or(pr('a'), and(pr('b'), pr('c'))) },
  { input: 'a pr and b pr and c pr', ast: and(and(pr('a'), pr('b')), pr('c')) },
  { input: 'a pr or b pr or c pr', ast: or(or(pr('a'), pr('b')), pr('c')) },
  { input: 'a pr and (b pr and c pr)', ast: and(pr('a'), and(pr('b'), pr('c'))) },
  { input: 'a pr or (b pr or c pr)', ast: or(pr('a'), or(pr('b'), pr('c'))) },
  { input: '(a pr or b pr) and c pr', ast: and(or(pr('a'), pr('b')), pr('c')) },
  { input: 'a pr and (b pr or c pr)', ast: and(pr('a'), or(pr('b'), pr('c'))) },
  { input: '(a pr)', ast: pr('a') },
  { input: '((a pr))', ast: pr('a') },
  { input: 'a pr or b pr and c pr or d pr', ast: or(or(pr('a'), and(pr('b'), pr('c'))), pr('d')) },
  // FILTER = *1"not" "(" FILTER ")": not binds tighter than and; `not(` needs no space (erratum 7319).
  { input: 'not (a pr)', ast: not(pr('a')) },
  { input: 'NOT(a pr)', ast: not(pr('a')) },
  { input: 'not (a pr) and b pr', ast: and(not(pr('a')), pr('b')) },
  { input: 'b pr and not (a pr or c pr)', ast: and(pr('b'), not(or(pr('a'), pr('c')))) },
  { input: 'not (not (a pr))', ast: not(not(pr('a'))) },
  {
    input: 'userName eq "bjensen" and (emails co "example.com" or emails.value co "example.org")',
    ast: and(
      eq('userName', str('bjensen')),
      or(
        compare(path('emails'), 'co', str('example.com')),
        compare(path('emails.value'), 'co', str('example.org')),
      ),
    ),
  },
  // Separators: any run of spaces, tabs and line breaks.
  { input: '  userName\teq\n"a"\r\n', ast: eq('userName', str('a')) },
  { input: 'a pr  and   b pr', ast: and(pr('a'), pr('b')) },

  // valuePath = attrPath "[" valFilter "]"; valFilter = attrExp / logExp / *1"not" "(" valFilter ")"
  { input: 'emails[type eq "work"]', ast: valuePath(path('emails'), eq('type', str('work'))) },
  {
    input: 'emails[type eq "work" and value co "@contoso"]',
    ast: valuePath(
      path('emails'),
      and(eq('type', str('work')), compare(path('value'), 'co', str('@contoso'))),
    ),
  },
  {
    input: 'emails[type eq "work" or primary eq true]',
    ast: valuePath(path('emails'), or(eq('type', str('work')), eq('primary', bool(true)))),
  },
  {
    input: 'emails[not (type eq "work")]',
    ast: valuePath(path('emails'), not(eq('type', str('work')))),
  },
  { input: 'emails[(value pr)]', ast: valuePath(path('emails'), pr('value')) },
  { input: 'emails[ value pr ]', ast: valuePath(path('emails'), pr('value')) },
  {
    input: 'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    ast: and(
      eq('userType', str('Employee')),
      valuePath(
        path('emails'),
        and(eq('type', str('work')), compare(path('value'), 'co', str('@example.com'))),
      ),
    ),
  },
  {
    input: 'emails[type eq "work"] or not (phoneNumbers[type eq "mobile"])',
    ast: or(
      valuePath(path('emails'), eq('type', str('work'))),
      not(valuePath(path('phoneNumbers'), eq('type', str('mobile')))),
    ),
  },
  {
    input: `${CORE}:emails[type eq "work"]`,
    ast: valuePath(path(`${CORE}:emails`), eq('type', str('work'))),
  },
  // [roster] Entra's matching query: `.sub op value` after `]` filters the same element.
  {
    input: 'emails[type eq "work"].value eq "user@contoso.com"',
    ast: valuePath(
      path('emails'),
      and(eq('type', str('work')), eq('value', str('user@contoso.com'))),
    ),
  },
  {
    input: 'emails[type eq "work"].Value co "@contoso" and userName pr',
    ast: and(
      valuePath(
        path('emails'),
        and(eq('type', str('work')), compare(path('Value'), 'co', str('@contoso'))),
      ),
      pr('userName'),
    ),
  },
  {
    input: 'emails[type eq "work"].value pr',
    ast: valuePath(path('emails'), and(eq('type', str('work')), pr('value'))),
  },

  // Limits: exactly MAX_FILTER_LENGTH characters and MAX_FILTER_DEPTH levels still parse.
  {
    input: `userName eq "${'x'.repeat(MAX_FILTER_LENGTH - 14)}"`,
    ast: eq('userName', str('x'.repeat(MAX_FILTER_LENGTH - 14))),
  },
  { input: nested(MAX_FILTER_DEPTH, 'a pr'), ast: pr('a') },
  { input: notNested(MAX_FILTER_DEPTH, 'a pr'), ast: wrapNot(MAX_FILTER_DEPTH, pr('a')) },
  {
    input: `emails[${nested(MAX_FILTER_DEPTH - 1, 'value pr')}]`,
    ast: valuePath(path('emails'), pr('value')),
  },
]

export const ERROR_CASES: readonly ErrorCase[] = [
  // Unbalanced parentheses and brackets.
  { input: '(userName pr', error: "Expected ')' at position 13, found the end of the filter" },
  { input: '((userName pr)', error: "Expected ')' at position 15" },
  { input: 'userName pr)', error: "Unexpected ')' at position 12" },
  { input: 'not (userName pr', error: "Expected ')' at position 17" },
  {
    input: 'emails[type eq "work"',
    error: "Expected ']' at position 22, found the end of the filter",
  },
  { input: 'emails[type eq "work")', error: "Expected ']' at position 22, found ')'" },
  { input: 'emails[type eq "work"]]', error: "Unexpected ']' at position 23" },
  { input: 'emails type eq "work"]', error: "Unknown operator 'type' at position 8" },
  { input: '[userName pr]', error: "Expected an attribute name at position 1, found '['" },
  { input: '()', error: "Expected an attribute name at position 2, found ')'" },
  { input: 'emails[]', error: "Expected an attribute name at position 8, found ']'" },
  // Unknown operator, missing operator or value.
  { input: 'userName xx "a"', error: "Unknown operator 'xx' at position 10" },
  { input: 'userName == "a"', error: "Unknown operator '==' at position 10" },
  { input: 'userName like "a%"', error: "Unknown operator 'like' at position 10" },
  {
    input: 'userName "a"',
    error: 'Expected an operator after \'userName\' at position 10, found string "a"',
  },
  {
    input: 'userName',
    error: "Expected an operator after 'userName' at position 9, found the end of the filter",
  },
  {
    input: 'userName eq',
    error: "Expected a value after 'eq' at position 12, found the end of the filter",
  },
  { input: 'userName eq )', error: "Expected a value after 'eq' at position 13, found ')'" },
  {
    input: 'userName eq and b pr',
    error: "Expected a value after 'eq' at position 13, found 'and'",
  },
  { input: 'userName eq OR', error: "Expected a value after 'eq' at position 13, found 'OR'" },
  {
    input: 'emails[type eq "work"].value',
    error: "Expected an operator after 'value' at position 29",
  },
  // `not` needs parentheses.
  { input: 'not userName pr', error: "Unknown operator 'userName' at position 5" },
  { input: 'not', error: "Expected an operator after 'not' at position 4" },
  { input: 'not (', error: 'Expected an attribute name at position 6' },
  // Stray tokens, injection attempts.
  { input: 'userName eq "a" b eq "c"', error: "Unexpected 'b' at position 17" },
  { input: 'userName eq "a" "b"', error: 'Unexpected string "b" at position 17' },
  { input: 'userName pr pr', error: "Unexpected 'pr' at position 13" },
  {
    input: 'userName eq "a" and',
    error: 'Expected an attribute name at position 20, found the end of the filter',
  },
  { input: 'and userName pr', error: "Unknown operator 'userName' at position 5" },
  { input: 'userName eq "x" or 1=1 --', error: "Invalid attribute name '1=1' at position 20" },
  { input: 'userName eq "x"; drop table users', error: "Unexpected ';' at position 16" },
  { input: 'userName eq x"y"', error: 'Unexpected string "y" at position 14' },
  // Attribute names (grammar: ATTRNAME = ALPHA *(nameChar), at most one subAttr).
  { input: 'a.b.c eq 1', error: "Invalid attribute name 'a.b.c' at position 1" },
  { input: '9lives eq 1', error: "Invalid attribute name '9lives' at position 1" },
  { input: '.value eq 1', error: "Invalid attribute name '.value' at position 1" },
  { input: 'name. eq 1', error: "Invalid attribute name 'name.' at position 1" },
  { input: 'caf\u00e9 eq 1', error: "Invalid attribute name 'café' at position 1" },
  { input: 'x pr and user:name eq 1', error: "Invalid attribute name 'user:name' at position 10" },
  // Value paths: on an attribute only, not nested (valFilter holds no valuePath), one `.sub` after `]`.
  {
    input: 'name.givenName[x eq 1]',
    error: "'name.givenName[' at position 15: a value filter applies to an attribute",
  },
  {
    input: 'emails[type[value eq "x"]]',
    error: "'type[' at position 12: a value filter cannot be nested",
  },
  {
    input: 'emails[type eq "work"].value.x eq 1',
    error: "Invalid sub-attribute '.value.x' at position 23",
  },
  {
    input: 'emails[type eq "work"].urn:x:y eq 1',
    error: "Invalid sub-attribute '.urn:x:y' at position 23",
  },
  { input: 'emails[type eq "work"] .value eq "x"', error: "Unexpected '.value' at position 24" },
  // Strings (JSON rules).
  { input: 'userName eq "abc', error: 'The string starting at position 13 is not closed' },
  { input: 'userName eq "abc\\"', error: 'The string starting at position 13 is not closed' },
  { input: 'userName eq "\\q"', error: 'The string starting at position 13 has an invalid escape' },
  {
    input: 'userName eq "\\u00e"',
    error: 'The string starting at position 13 has an invalid escape',
  },
  {
    input: 'userName eq "a\tb"',
    error:
      'The string starting at position 13 has an invalid escape or an unescaped control character',
  },
  // Control characters outside strings; non-ASCII space is a word character, not a separator.
  { input: 'userName\u000beq "a"', error: 'Unexpected control character U+000B at position 9' },
  { input: 'userName eq "a"\u0000', error: 'Unexpected control character U+0000 at position 16' },
  { input: 'userName eq "a"\u00a0', error: "Unexpected '\u00a0' at position 16" },
  {
    input: 'userName\u00a0eq "a"',
    error: "Invalid attribute name 'userName\u00a0eq' at position 1",
  },
  { input: 'userName eq "a"\u2028', error: "Unexpected '\u2028' at position 16" },
  // Empty input.
  { input: '', error: 'Expected an attribute name at position 1, found the end of the filter' },
  { input: '   ', error: 'Expected an attribute name at position 4' },
  // Limits (limits.ts): length, then depth of parentheses, `not (` and brackets.
  {
    input: `userName eq "${'x'.repeat(MAX_FILTER_LENGTH - 13)}"`,
    error: `is ${MAX_FILTER_LENGTH + 1} characters long; the limit is ${MAX_FILTER_LENGTH} (position ${MAX_FILTER_LENGTH + 1}`,
  },
  {
    input: nested(MAX_FILTER_DEPTH + 1, 'a pr'),
    error: `nests deeper than ${MAX_FILTER_DEPTH} levels at position ${MAX_FILTER_DEPTH + 2}`,
  },
  {
    input: notNested(MAX_FILTER_DEPTH + 1, 'a pr'),
    error: `nests deeper than ${MAX_FILTER_DEPTH} levels at position ${5 * (MAX_FILTER_DEPTH + 1) + 1}`,
  },
  {
    input: `emails[${nested(MAX_FILTER_DEPTH, 'value pr')}]`,
    error: `nests deeper than ${MAX_FILTER_DEPTH} levels at position ${MAX_FILTER_DEPTH + 8}`,
  },
  { input: '('.repeat(2000), error: `nests deeper than ${MAX_FILTER_DEPTH} levels at position 34` },
]
