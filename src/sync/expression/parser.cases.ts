// Expressions the parser refuses, with the message it gives and where it points (1-based position and
// the number of characters underlined), and expressions that fail only when evaluated for a given
// object. Shared by parser.test.ts.
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from './limits.js'
import type { Value } from './value.js'

export interface ErrorCase {
  readonly input: string
  /** A substring of the message. */
  readonly error: string
  /** 1-based position of the caret. */
  readonly position: number
  /** Characters underlined. */
  readonly length?: number
  readonly attributes?: Readonly<Record<string, Value>>
}

export const PARSE_ERRORS: readonly ErrorCase[] = [
  { input: '', error: 'empty', position: 1 },
  {
    input: 'Splt([preferredLanguage], "-")',
    error: "Unknown function 'Splt' (did you mean Split?)",
    position: 1,
    length: 4,
  },
  {
    input: 'Item(Splt([preferredLanguage], "-"), 1)',
    error: "Unknown function 'Splt'",
    position: 6,
    length: 4,
  },
  {
    input: 'Append([givenName])',
    error: 'Append takes 2 arguments, not 1: Append(source, suffix)',
    position: 1,
    length: 6,
  },
  { input: 'Left("a", 1, 2)', error: 'Left takes 2 arguments, not 3', position: 1 },
  {
    input: 'Switch([IsSoftDeleted], , "False", "True", "True")',
    error: 'in pairs',
    position: 44,
    length: 6,
  },
  { input: 'Append(, "x")', error: "Append's source is required", position: 8 },
  { input: 'Item([proxyAddresses], 0)', error: 'Item is 1-based', position: 24, length: 1 },
  { input: 'Append([givenName] "x")', error: "A ',' or ')' is expected", position: 20, length: 3 },
  { input: 'Append([givenName], "x"', error: 'is not closed', position: 1, length: 7 },
  { input: 'Append([givenName], "x"))', error: "A ')' without its '('", position: 25 },
  { input: 'Append([givenName, "x")', error: 'attribute name is not closed', position: 8 },
  { input: '[]', error: 'needs a name', position: 1, length: 2 },
  { input: 'Append([ givenName ], "x")', error: 'hold no spaces', position: 8, length: 13 },
  { input: 'Append([givenName], "x)', error: 'The string is not closed', position: 21 },
  {
    input: 'Replace([x], , "\\d+", , "", , )',
    error: "'\\d' is not an escape",
    position: 17,
    length: 2,
  },
  { input: "Append([givenName], 'x')", error: 'Strings take double quotes', position: 21 },
  { input: 'Append([givenName], “x”)', error: 'typographic quote', position: 21 },
  { input: 'IIF([a]=="x", "1", "2")', error: "single '='", position: 8, length: 2 },
  { input: 'IIF([a]!="x", "1", "2")', error: "'<>'", position: 8, length: 2 },
  {
    input: 'IIF([a]="x" and [b]="y", "1", "2")',
    error: "A ',' or ')' is expected",
    position: 13,
    length: 3,
  },
  { input: 'IIF([a]="x"="y", "1", "2")', error: 'do not chain', position: 12 },
  { input: '[givenName] & [surname]', error: 'use Append', position: 13 },
  {
    input: 'Append(givenName, "x")',
    error: 'write [givenName] for an attribute',
    position: 8,
    length: 9,
  },
  { input: 'Append(Now, "x")', error: 'Now is a function: write Now(…)', position: 8, length: 3 },
  { input: 'IIF(true, "1", "2")', error: 'write "True"', position: 5, length: 4 },
  { input: '[givenName] [surname]', error: 'goes on after its end', position: 13, length: 9 },
  { input: '"a", "b"', error: 'A comma outside any function', position: 4 },
  { input: 'SelectUniqueValue([a], [b])', error: 'not for SCIM apps', position: 1, length: 17 },
  { input: 'DefaultDomain()', error: 'default verified domain', position: 1 },
  { input: 'Replace([x])', error: 'needs an oldValue or a regexPattern', position: 1, length: 7 },
  {
    input: 'Replace([x], , "a", , , , )',
    error: 'a regexPattern needs a replacementValue',
    position: 16,
    length: 3,
  },
  {
    input: 'SingleAppRoleAssignment([roles])',
    error: 'takes the attribute [appRoleAssignments]',
    position: 25,
    length: 7,
  },
  { input: 'Append([a], "x")\n  ]', error: "A ']' without its '['", position: 20 },
  { input: 'Append([a], #)', error: "Unexpected character '#'", position: 13 },
  { input: '&H', error: '&H needs hexadecimal digits', position: 1, length: 2 },
  { input: '12abc', error: 'neither a number nor a name', position: 1 },
  {
    input: `Append("${'x'.repeat(MAX_EXPRESSION_LENGTH)}", "")`,
    error: `at most ${MAX_EXPRESSION_LENGTH}`,
    position: MAX_EXPRESSION_LENGTH + 1,
  },
  {
    input: `${'ToLower('.repeat(MAX_EXPRESSION_DEPTH + 2)}"x"${')'.repeat(MAX_EXPRESSION_DEPTH + 2)}`,
    error: `deeper than ${MAX_EXPRESSION_DEPTH}`,
    position: (MAX_EXPRESSION_DEPTH + 1) * 8 + 1,
  },
]

export const EVALUATION_ERRORS: readonly ErrorCase[] = [
  {
    input: 'IIF([country]="","Other",[country])',
    error: 'the condition reads [country], which is empty here',
    position: 5,
    length: 12,
    attributes: { country: '' },
  },
  {
    input: 'IIF(IsNullOrEmpty([country]),"Other",[country])',
    error: 'which is null here',
    position: 5,
    length: 24,
  },
  {
    input: 'IIF(IsPresent([country]),[country],"Other")',
    error: 'Switch([country], …, "", …)',
    position: 5,
  },
  {
    input: 'Mid([givenName], 0, 2)',
    error: 'Mid: start is 1-based',
    position: 18,
    length: 1,
    attributes: { givenName: 'Joy' },
  },
  {
    input: 'Left([givenName], "x")',
    error: 'Left: "x" is not a number',
    position: 19,
    length: 3,
    attributes: { givenName: 'Joy' },
  },
  {
    input: 'Append([proxyAddresses], "x")',
    error: 'multi-valued where one value is expected',
    position: 8,
    length: 16,
    attributes: { proxyAddresses: ['a', 'b'] },
  },
  {
    input: 'CDate([hireDate])',
    error: 'CDate: "soon" is not a date',
    position: 7,
    length: 10,
    attributes: { hireDate: 'soon' },
  },
  {
    input: 'DateAdd("q", 1, Now())',
    error: 'the interval is one of "yyyy", "m", "d", "ww", "h", "n", "s"',
    position: 9,
    length: 3,
  },
  {
    input: 'FormatDateTime([d], , "yyyy-MM-dd", "yyyy")',
    error: '"2021/01/02" does not match the inputFormat "yyyy-MM-dd"',
    position: 16,
    attributes: { d: '2021/01/02' },
  },
  { input: 'CBool("maybe")', error: 'neither True nor False', position: 7, length: 7 },
  {
    input: 'Replace([x], , "(", , "", , )',
    error: 'not a valid regular expression',
    position: 16,
    length: 3,
    attributes: { x: 'a' },
  },
  {
    input: 'RandomString(300, 0, 0, 0, 0)',
    error: 'Length is at most 256',
    position: 14,
    length: 3,
  },
  { input: 'RandomString(4, 2, 2, 2, 0)', error: 'add up to 6, more than Length 4', position: 14 },
  {
    input: 'IIF([n] > [m], "a", "b")',
    error: 'multi-valued and cannot be compared',
    position: 11,
    attributes: { n: 'x', m: ['1', '2'] },
  },
]
