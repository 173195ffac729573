// The data set and the filter table of filter-oracle.test.ts. USERS are POSTed as they are; PATCHES then
// change a few of them (so meta.lastModified differs from meta.created); filterCases builds the filters
// from the users as the server returns them (ids, date-times and values come from the stored data).
import type { Json, JsonObject } from '../../src/scim/resource/coerce.js'

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User'

type Element = Record<string, unknown>

interface Spec {
  readonly externalId?: string
  readonly active?: boolean | string
  readonly givenName?: string
  readonly familyName?: string
  readonly preferredLanguage?: string
  readonly timezone?: string
  readonly emails?: readonly Element[]
  readonly phoneNumbers?: readonly Element[]
  readonly roles?: readonly Element[]
}

function user(userName: string, spec: Spec = {}): Record<string, unknown> {
  const { givenName, familyName, ...rest } = spec
  const name =
    givenName === undefined && familyName === undefined
      ? {}
      : {
          name: {
            ...(givenName !== undefined ? { givenName } : {}),
            ...(familyName !== undefined ? { familyName } : {}),
          },
        }
  return { schemas: [CORE], userName, ...name, ...rest }
}

/** An email or phone element: `type` undefined means none is sent. */
const dev = (value: string, type?: string, more: Element = {}): Element => ({
  value,
  ...(type !== undefined ? { type } : {}),
  ...more,
})
const role = (value: string, more: Element = {}): Element => ({ value, ...more })
const primaryRole = (value: string, primary?: boolean | string): Element => ({
  value,
  type: 'Primary',
  ...(primary !== undefined ? { primary } : {}),
})

/** Users chosen for what they exercise: case folding, non-ASCII, LIKE metacharacters, escapes, absences. */
const SPECIAL: Record<string, unknown>[] = [
  user('Joy.Young@contoso.com', {
    externalId: 'jyoung',
    active: true,
    givenName: 'Joy',
    familyName: 'Young',
    preferredLanguage: 'en-US',
    timezone: 'America/Los_Angeles',
    roles: [primaryRole('Standard User', true)],
    emails: [
      dev('jyoung@contoso.com', 'Work Email', { primary: true }),
      dev('joy@example.org', 'home'),
    ],
    phoneNumbers: [dev('+14155550123', 'Work Phone'), dev('+447700900123', 'mobile')],
  }),
  user('joy.youngblood@Contoso.com', {
    externalId: 'JYOUNG',
    givenName: 'joy',
    familyName: 'Youngblood',
    preferredLanguage: 'en',
    roles: [primaryRole('Developer', true)],
    emails: [dev('JoyB@Contoso.com', 'work')],
  }),
  user('JOY@fabrikam.com', {
    active: false,
    givenName: 'JOY',
    preferredLanguage: 'fr',
    timezone: 'Europe/London',
    emails: [dev('joy@FABRIKAM.com', 'WORK')],
    roles: [primaryRole('Developer', false), role('Group Supervisor')],
  }),
  user('Émile.Zola@Example.com', {
    externalId: 'ÉZ-1',
    givenName: 'Émile',
    familyName: 'Zola',
    preferredLanguage: 'fr',
    timezone: 'Europe/Paris',
    emails: [
      dev('Émile.Zola@Example.com', 'Work Email', { primary: true }),
      dev('emile@example.org', 'other'),
    ],
  }),
  user('émilie@example.com', {
    givenName: 'Émilie',
    familyName: 'Du Châtelet',
    preferredLanguage: 'French',
    active: 'True',
  }),
  user('ÅSA@contoso.com', {
    externalId: 'åsa',
    givenName: 'Åsa',
    familyName: 'Ångström',
    preferredLanguage: 'sv',
    timezone: 'Europe/Stockholm',
    // No type: stored without one, its device is the first email device (Work Email).
    emails: [dev('ÅSA@contoso.com')],
  }),
  user('åsa.berg@contoso.com', {
    active: 'False',
    givenName: 'ÅSA',
    familyName: 'Berg',
    emails: [dev('asa@berg.se', 'home', { primary: false })],
  }),
  user('Zoë@contoso.com', {
    givenName: 'Zoë',
    familyName: 'Saldaña',
    emails: [dev('zoë@contoso.com', 'Work Email')],
    roles: [primaryRole('Support User', 'True')],
  }),
  user('ZOË.K@contoso.com', {
    externalId: 'ZOË',
    givenName: 'ZOË',
    familyName: 'K',
    timezone: 'US/Pacific',
  }),
  user('50%_off@contoso.com', {
    externalId: 'ext%_1',
    givenName: '50%',
    familyName: 'Off_Price',
    emails: [dev('50%_off@contoso.com', 'work')],
  }),
  user('50Xoff@contoso.com', {
    externalId: 'extXX1',
    givenName: '50X',
    familyName: 'OffXPrice',
    emails: [dev('50Xoff@contoso.com', 'work')],
  }),
  user('under_score@contoso.com', { givenName: 'Under_Score', familyName: 'Lee' }),
  user('underXscore@contoso.com', { givenName: 'UnderXScore', familyName: 'lee' }),
  user('back\\slash@contoso.com', {
    externalId: 'ext\\1',
    givenName: 'Back\\Slash',
    familyName: 'Smith\\Jones',
    emails: [dev('"quo\\"te"@contoso.com', 'home', { display: 'Quote "Home"' })],
  }),
  user('quote"d@contoso.com', {
    externalId: 'ext"2',
    givenName: 'The "Rock"',
    familyName: "O'Neil",
  }),
  user('backslash@contoso.com', { givenName: 'BackSlash', familyName: 'SmithJones' }),
  user('İpek@example.com', { givenName: 'İpek', familyName: 'Yılmaz', preferredLanguage: 'tr' }),
  user('ipek@example.org', { givenName: 'ipek', familyName: 'YILMAZ', preferredLanguage: 'TR' }),
  user('STRASSE@example.de', {
    givenName: 'Straße',
    familyName: 'STRASSE',
    preferredLanguage: 'de',
  }),
  user('ΣΊΣΥΦΟΣ@example.gr', {
    givenName: 'Σίσυφος',
    familyName: 'ΣΊΣΥΦΟΣ',
    preferredLanguage: 'el',
  }),
  // U+FF3A (fullwidth) and U+1D4B5 (astral): UTF-16 and UTF-8 order them differently.
  user('Ｚed', { givenName: 'Ｚed', familyName: 'Ｚeta' }),
  user('𝒵ed', { givenName: '😀Smile', familyName: '𝒵eta' }),
  user('nobody'),
  user('Nobody.Else', { active: false }),
  user('bob', {
    externalId: 'BOB',
    givenName: 'Bob',
    preferredLanguage: 'EN',
    timezone: 'US/Pacific',
    phoneNumbers: [dev('+14155550100')],
  }),
  user('Bob.Jones@contoso.com', {
    externalId: 'bob',
    givenName: 'Bob',
    familyName: 'Jones',
    roles: [{ ...primaryRole('Developer', true), display: 'Dev' }],
    emails: [
      dev('bob.jones@contoso.com', 'work', { display: 'Work' }),
      dev('BOB@example.org', 'home', { primary: true }),
    ],
  }),
  user('BOBBY', {
    externalId: 'Bob',
    roles: [
      primaryRole('Group Supervisor'),
      role('Developer', { type: 'secondary', primary: true }),
    ],
  }),
  user('mobile.only@contoso.com', {
    phoneNumbers: [
      dev('+447700900456', 'mobile', { primary: true }),
      dev('+14155550199', 'SMS Phone'),
    ],
  }),
  user('three.emails@contoso.com', {
    givenName: 'Tri',
    emails: [
      dev('tri@contoso.com', 'WORK EMAIL', { primary: false }),
      dev('tri@home.example', 'Home Email', { primary: true }),
      dev('tri@other.example', 'Other Email'),
    ],
    phoneNumbers: [
      dev('+12125550100', 'home'),
      dev('+14155550124', 'work', { display: 'Desk' }),
      dev('+33612345678', 'Mobile Phone'),
    ],
  }),
  user('entra.user@contoso.onmicrosoft.com', {
    externalId: '6f1c2a9e-0d4b-4f3a-9e8b-1a2b3c4d5e6f',
    active: 'True',
    givenName: 'Entra',
    familyName: 'User',
    preferredLanguage: 'en-US',
    timezone: 'america/new_york',
    emails: [dev('entra.user@contoso.onmicrosoft.com', 'work', { primary: 'True' })],
    roles: [primaryRole('Standard User', 'True')],
  }),
  user('Mary Ann', { givenName: 'Mary Ann', familyName: 'de la Cruz', externalId: 'mary ann' }),
  user('12345', { externalId: '12345' }),
  user('true', { externalId: 'true' }),
  user('null', { givenName: 'null' }),
]

const FIRST = ['alex', 'Alex', 'ALEXA', 'alexander', 'sam', 'Sam', 'SAMANTHA', 'samuel']
const LAST = ['Kim', 'kim', 'KIMURA', 'Nguyen', 'nguyen', 'Ng']
const DOMAINS = ['contoso.com', 'Contoso.com', 'fabrikam.com', 'EXAMPLE.org']
const ACTIVE: (boolean | string | undefined)[] = [true, false, 'True', 'False', 'true', 'FALSE']
const LANGUAGES = [undefined, 'en', 'fr', 'pt-BR', 'de', 'EN', 'en-US', 'pt_BR', 'English']
const ZONES = [undefined, 'America/Los_Angeles', 'US/Pacific', 'Europe/London', 'america/new_york']
const EMAIL_TYPES = [
  ['Work Email', 'home', 'Other Email'],
  ['work', 'Home Email'],
  ['WORK', 'other', 'HOME'],
  [undefined, 'home'],
  ['Home Email', 'work'],
]
const PHONE_TYPES = [
  ['Work Phone', 'mobile', 'SMS Phone'],
  ['work', 'Home Phone'],
  ['mobile'],
  ['Mobile Phone', 'home', 'WORK'],
  [undefined, 'SMS Phone'],
]
const ROLES = ['Standard User', 'Developer', 'Group Supervisor', 'Read Only User', 'Support User']

/** Users built by rotating through the lists above. */
const ROTATED: Record<string, unknown>[] = Array.from({ length: 30 }, (_, i) => {
  const first = FIRST[i % FIRST.length] as string
  const last = LAST[i % LAST.length] as string
  const domain = DOMAINS[i % DOMAINS.length] as string
  const emailTypes = (EMAIL_TYPES[i % EMAIL_TYPES.length] as (string | undefined)[]).slice(0, i % 4)
  const phoneTypes = (PHONE_TYPES[i % PHONE_TYPES.length] as (string | undefined)[]).slice(
    0,
    (i + 1) % 4,
  )
  const primaryEmail = i % 3 === 0 ? 0 : -1
  const roles: Element[] = []
  if (i % 3 === 1) roles.push(primaryRole(ROLES[i % ROLES.length] as string, true))
  if (i % 3 === 2) {
    roles.push(primaryRole(ROLES[i % ROLES.length] as string, i % 2 === 0))
    roles.push(role(ROLES[(i + 2) % ROLES.length] as string, i % 4 === 0 ? { type: 'Other' } : {}))
  }
  const spec: Spec = {
    ...(i % 3 === 0 ? {} : { externalId: `${['E', 'e', 'Ext-', 'ext-'][i % 4]}${100 + i}` }),
    ...(ACTIVE[i % ACTIVE.length] !== undefined ? { active: ACTIVE[i % ACTIVE.length] } : {}),
    ...(i % 5 === 0 ? {} : { givenName: first }),
    ...(i % 7 === 3 ? {} : { familyName: last }),
    ...(LANGUAGES[i % LANGUAGES.length] !== undefined
      ? { preferredLanguage: LANGUAGES[i % LANGUAGES.length] }
      : {}),
    ...(ZONES[i % ZONES.length] !== undefined ? { timezone: ZONES[i % ZONES.length] } : {}),
    emails: emailTypes.map((type, k) =>
      dev(
        `${k === 0 ? first : last}.${k === 1 ? first.toUpperCase() : last}${i}@${domain}`,
        type,
        k === primaryEmail ? { primary: true } : k === 1 && i % 2 === 0 ? { primary: false } : {},
      ),
    ),
    phoneNumbers: phoneTypes.map((type, k) =>
      dev(`+1415555${String(1000 + i * 10 + k).padStart(4, '0')}`, type),
    ),
    ...(roles.length > 0 ? { roles } : {}),
  }
  return user(`${first}.${last}${i}@${domain}`, spec)
})

export const USERS: readonly Record<string, unknown>[] = [...SPECIAL, ...ROTATED]

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

/** PATCHes applied after every POST, by userName: they move meta.lastModified past meta.created. */
export const PATCHES: readonly { userName: string; body: unknown }[] = [
  {
    userName: 'Joy.Young@contoso.com',
    body: {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'name.familyName', value: 'Young-Lee' }],
    },
  },
  {
    userName: 'bob',
    body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: 'False' }] },
  },
  {
    userName: 'nobody',
    body: {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'emails', value: [{ value: 'nobody@contoso.com' }] }],
    },
  },
]

// ---------------------------------------------------------------------------------------------------------
// The filters.

const q = (value: string): string => JSON.stringify(value)

/** Every character's case inverted (`Joy` → `jOY`). */
const swapCase = (text: string): string =>
  [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('')

const uniqueSorted = (values: readonly string[]): string[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

function flat(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

/** The string values at `path` (`userName`, `name.givenName`, `emails.value`) in every user. */
function valuesAt(users: readonly JsonObject[], path: string): string[] {
  const [top, sub] = path.split('.') as [string, string | undefined]
  return users.flatMap((u) =>
    flat(u[top]).flatMap((v) => {
      const inner =
        sub === undefined
          ? v
          : v !== null && typeof v === 'object'
            ? flat((v as JsonObject)[sub])
            : []
      return flat(inner as Json).filter((x): x is string => typeof x === 'string')
    }),
  )
}

/** The first, middle and last of the distinct values (in UTF-16 order). */
function samples(values: readonly string[]): string[] {
  const sorted = uniqueSorted(values)
  const picks = [0, Math.floor(sorted.length / 2), sorted.length - 1]
  return uniqueSorted(picks.flatMap((i) => (sorted[i] === undefined ? [] : [sorted[i] as string])))
}

const middle = (text: string): string => {
  const chars = [...text]
  if (chars.length <= 2) return text
  const from = Math.floor(chars.length / 3)
  return chars.slice(from, Math.max(from + 1, chars.length - from)).join('')
}
const prefix = (text: string): string =>
  [...text].slice(0, Math.max(1, Math.ceil([...text].length / 2))).join('')
const suffix = (text: string): string => [...text].slice(Math.floor([...text].length / 2)).join('')

/** String attributes as a filter names them; `values` is where their values are in the stored JSON. */
const STRING_ATTRIBUTES: readonly { name: string; values: string }[] = [
  { name: 'id', values: 'id' },
  { name: 'externalId', values: 'externalId' },
  { name: 'userName', values: 'userName' },
  { name: 'name.givenName', values: 'name.givenName' },
  { name: 'name.familyName', values: 'name.familyName' },
  { name: 'preferredLanguage', values: 'preferredLanguage' },
  { name: 'timezone', values: 'timezone' },
  { name: 'emails', values: 'emails.value' },
  { name: 'emails.value', values: 'emails.value' },
  { name: 'emails.type', values: 'emails.type' },
  { name: 'emails.display', values: 'emails.display' },
  { name: 'phoneNumbers.value', values: 'phoneNumbers.value' },
  { name: 'phoneNumbers.type', values: 'phoneNumbers.type' },
  { name: 'phoneNumbers.display', values: 'phoneNumbers.display' },
  { name: 'roles.value', values: 'roles.value' },
  { name: 'roles.type', values: 'roles.type' },
  { name: 'roles.display', values: 'roles.display' },
]

const BOOLEAN_ATTRIBUTES = ['active', 'emails.primary', 'phoneNumbers.primary', 'roles.primary']

/** The same instant as `iso` written with a +01:00 offset. */
function withOffset(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 3_600_000).toISOString()
  return `${shifted.slice(0, -1)}+01:00`
}

function systematic(users: readonly JsonObject[], add: (filter: string) => void): void {
  const ordered = [
    ['gt', 'le'],
    ['ge', 'lt'],
    ['gt', 'lt'],
  ]
  for (const { name, values } of STRING_ATTRIBUTES) {
    add(`${name} pr`)
    add(`${name} eq null`)
    add(`${name} ne null`)
    add(`${name} eq "no-such-value-anywhere"`)
    add(`${name} co "qqqzzz"`)
    samples(valuesAt(users, values)).forEach((v, i) => {
      add(`${name} eq ${q(v)}`)
      add(`${name} eq ${q(swapCase(v))}`)
      add(`${name} ne ${q(v)}`)
      add(`${name} co ${q(swapCase(middle(v)))}`)
      add(`${name} sw ${q(swapCase(prefix(v)))}`)
      add(`${name} ew ${q(suffix(v))}`)
      for (const op of ordered[i % ordered.length] as string[]) add(`${name} ${op} ${q(v)}`)
    })
  }
  for (const name of BOOLEAN_ATTRIBUTES) {
    for (const value of ['true', 'false', '"True"', '"false"', 'False']) {
      add(`${name} eq ${value}`)
    }
    add(`${name} ne true`)
    add(`${name} ne false`)
    add(`${name} pr`)
    add(`${name} eq null`)
    add(`${name} ne null`)
    add(`not (${name} eq true)`)
    add(`${name} gt true`)
    add(`${name} eq "yes"`)
    add(`${name} eq 1`)
    add(`${name} co "t"`)
  }
  for (const name of ['meta.created', 'meta.lastModified']) {
    const key = name === 'meta.created' ? 'created' : 'lastModified'
    const times = uniqueSorted(
      users.flatMap((u) => {
        const meta = u['meta']
        const v =
          meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta[key] : undefined
        return typeof v === 'string' ? [v] : []
      }),
    )
    const picks = uniqueSorted(
      [0, 5, Math.floor(times.length / 2), times.length - 1].flatMap((i) => times[i] ?? []),
    )
    for (const time of picks) {
      for (const op of ['eq', 'ne', 'gt', 'ge', 'lt', 'le']) add(`${name} ${op} ${q(time)}`)
    }
    const mid = times[Math.floor(times.length / 2)] as string
    add(`${name} eq ${q(withOffset(mid))}`)
    add(`${name} ge ${q(withOffset(mid))}`)
    add(`${name} lt ${q(withOffset(mid))}`)
    add(`${name} gt "2000-01-01"`)
    add(`${name} lt "2000-01-01T00:00:00Z"`)
    add(`${name} gt "2999-12-31T23:59:59.999Z"`)
    add(`${name} pr`)
    add(`${name} eq null`)
    add(`${name} co "20"`)
    add(`${name} sw "2"`)
    add(`${name} gt "yesterday"`)
    add(`${name} gt 5`)
    add(`${name} eq true`)
  }
}

/** Hand-written rows: combinations, value filters, Entra's forms, escapes, odd literals, refusals. */
function handWritten(users: readonly JsonObject[], add: (filter: string) => void): void {
  const ids = users.map((u) => u['id'] as string)
  const [id0, id1, id2] = ids as [string, string, string]
  const idOf = (userName: string): string =>
    users.find((u) => u['userName'] === userName)?.['id'] as string

  // Case-exactness of id and externalId, case-insensitivity of userName.
  add(`id eq ${q(id0)}`)
  add(`id eq ${q(id0.toUpperCase())}`)
  add(`id sw ${q(id1.slice(0, 8))}`)
  add(`id sw ${q(id1.slice(0, 8).toUpperCase())}`)
  add(`id eq ${q(id0)} or id eq ${q(id1)} or id eq ${q(id2)}`)
  add(`not (id eq ${q(id0)})`)
  add(`id ne ${q(id0)} and id ne ${q(id1)}`)
  add(
    ids
      .slice(0, 40)
      .map((id) => `id eq ${q(id)}`)
      .join(' or '),
  )
  add(`id eq ${q(idOf('bob'))} and userName eq "BOB"`)
  add('externalId eq "jyoung"')
  add('externalId eq "JYOUNG"')
  add('externalId eq "Jyoung"')
  add('externalId eq "bob"')
  add('externalId eq "BOB"')
  add('externalId eq "Bob"')
  add('externalId sw "b"')
  add('externalId sw "B"')
  add('externalId co "ÉZ"')
  add('externalId co "éz"')
  add('externalId eq "åsa"')
  add('externalId eq "ÅSA"')
  add('externalId eq 12345')
  add('externalId eq true')
  add('externalId eq "true"')
  add('externalId eq "mary ann"')
  add('externalId eq "6F1C2A9E-0D4B-4F3A-9E8B-1A2B3C4D5E6F"')
  add('userName eq "joy.young@contoso.com"')
  add('userName eq "JOY.YOUNG@CONTOSO.COM"')
  add('userName eq "bob"')
  add('userName eq "BOB"')
  add('userName eq bob')
  add('userName eq BOBBY')
  add('userName eq 12345')
  add('userName eq "12345"')
  add('userName eq true')
  add('userName eq "true"')
  add('userName eq null')
  add('userName eq "null"')
  add('userName eq "Mary Ann"')
  add('userName eq "mary ann"')
  add('userName sw "joy"')
  add('userName sw "JOY"')
  add('userName sw "JOY."')
  add('userName ew "@CONTOSO.COM"')
  add('userName ew "contoso.com"')
  add('userName co "young"')
  add('userName co "."')
  add('userName co ""')
  add('userName sw ""')
  add('userName gt ""')
  add('userName gt "m"')
  add('userName lt "M"')
  add('userName ge "zz"')
  add('userName le "a"')
  add('userName gt "ｚ"')
  add('userName gt "\uffff"')
  add('userName lt "\ud800\udc00"')

  // Non-ASCII folding.
  add('userName eq "émile.zola@example.com"')
  add('userName eq "ÉMILE.ZOLA@EXAMPLE.COM"')
  add('userName sw "ém"')
  add('userName sw "ÉM"')
  add('userName eq "åsa@contoso.com"')
  add('userName sw "åsa"')
  add('userName sw "ÅSA"')
  add('userName co "Ë"')
  add('userName eq "zoë@contoso.com"')
  add('userName eq "i̇pek@example.com"')
  add('userName eq "ipek@example.com"')
  add('userName sw "İ"')
  add('userName sw "i"')
  add('userName eq "strasse@example.de"')
  add('userName eq "straße@example.de"')
  add('userName eq "σίσυφος@example.gr"')
  add('userName sw "ΣΊΣ"')
  add('userName co "ος@"')
  add('name.givenName eq "émile"')
  add('name.givenName eq "ÉMILE"')
  add('name.givenName eq "åsa"')
  add('name.givenName co "Å"')
  add('name.givenName eq "STRASSE"')
  add('name.givenName eq "STRAẞE"')
  add('name.givenName eq "σίσυφος"')
  add('name.givenName eq "ΣΊΣΥΦΟΣ"')
  add('name.familyName eq "yılmaz"')
  add('name.familyName eq "YILMAZ"')
  add('name.familyName eq "ångström"')
  add('name.familyName ew "STRÖM"')
  add('name.familyName eq "saldaña"')
  add('name.givenName sw "😀"')
  add('name.givenName co "😀s"')
  add('name.familyName gt "ｚ"')
  add('name.familyName lt "𝒵"')
  add('name.familyName gt "\uffff"')
  add('name.givenName eq "Joy"')
  add('name.givenName eq "jOY"')
  add('name.familyName eq "young-lee"')
  add('name.familyName eq "Young"')
  add('name.givenName eq "Mary Ann"')
  add('name.givenName eq "Mary+Ann"')
  add('name.familyName co " la "')
  add('name.givenName eq null')
  add('name.givenName eq "null"')

  // LIKE metacharacters and escapes: %, _, \ and ".
  for (const attr of [
    'userName',
    'externalId',
    'name.givenName',
    'name.familyName',
    'emails.value',
  ]) {
    add(`${attr} co "%"`)
    add(`${attr} co "_"`)
    add(`${attr} co "\\\\"`)
    add(`${attr} co "\\""`)
  }
  add('userName sw "50%"')
  add('userName sw "50%_"')
  add('userName eq "50%_off@contoso.com"')
  add('userName co "%_o"')
  add('userName co "r_s"')
  add('userName co "r%s"')
  add('userName ew "%"')
  add('userName sw "%"')
  add('userName co "k\\\\s"')
  add('userName eq "back\\\\slash@contoso.com"')
  add('userName eq "BACK\\\\SLASH@CONTOSO.COM"')
  add('userName eq "quote\\"d@contoso.com"')
  add('userName sw "quote\\""')
  add('userName co "\\u0022"')
  add('externalId eq "ext%_1"')
  add('externalId sw "ext%"')
  add('externalId sw "ext_"')
  add('externalId eq "ext\\\\1"')
  add('externalId eq "ext\\"2"')
  add('externalId co "xt\\\\"')
  add('name.givenName co "%"')
  add('name.givenName eq "50%"')
  add('name.givenName sw "50_"')
  add('name.familyName co "f_p"')
  add('name.familyName co "F%P"')
  add('name.givenName co "r_s"')
  add('name.givenName eq "under_score"')
  add('name.givenName eq "The \\"Rock\\""')
  add('name.givenName co "\\"rock\\""')
  add('name.givenName eq "back\\\\slash"')
  add('name.familyName eq "smith\\\\jones"')
  add('name.familyName co "h\\\\j"')
  add('name.familyName co "hj"')
  add('name.familyName eq "o\'neil"')
  add('emails.value eq "\\"quo\\\\\\"te\\"@contoso.com"')
  add('emails.value co "\\\\"')
  add('emails.value sw "\\"QUO"')
  add('emails.display eq "quote \\"home\\""')
  add('emails.value co "%_"')
  add('emails.value sw "50_"')

  // Logical operators, precedence, parentheses, not (including over attributes without a value).
  add('userName sw "joy" and active eq true')
  add('userName sw "joy" or userName sw "bob"')
  add('userName sw "joy" AND active eq TRUE')
  add('userName sw "joy" Or userName sw "bob"')
  add('not (userName sw "joy")')
  add('NOT (userName sw "joy")')
  add('not (not (active eq true))')
  add('not(userName sw "joy")')
  add('userName sw "a" or userName sw "b" and active eq false')
  add('(userName sw "a" or userName sw "b") and active eq false')
  add('userName sw "a" or (userName sw "b" and active eq false)')
  add('(userName sw "a" or userName sw "b") and (active eq false or externalId pr)')
  add('active eq true and (emails.type eq "home" or phoneNumbers.type eq "mobile")')
  add('active eq false and not (externalId pr)')
  add('((((userName sw "s"))))')
  add(
    'userName sw "s" and (name.givenName eq "sam" or name.givenName eq "SAMANTHA") and active eq true',
  )
  add('not (name.givenName eq "Joy")')
  add('not (name.givenName eq "Joy" or name.familyName eq "Young")')
  add('not (name.givenName eq "Joy") and userName sw "joy"')
  add('not (externalId eq "jyoung")')
  add('not (externalId sw "e")')
  add('not (name.familyName co "o")')
  add('not (timezone sw "America")')
  add('not (preferredLanguage eq "fr")')
  add('not (name.givenName gt "M")')
  add('name.givenName gt "M" or not (name.givenName le "M")')
  add('not (externalId pr)')
  add('not (emails pr)')
  add('not (emails.value co "contoso")')
  add('not (roles.primary eq true)')
  add('not (meta.created lt "2000-01-01")')
  add('not (active eq false) and not (emails.type eq "work")')
  add('name.givenName ne "Joy"')
  add('externalId ne "jyoung"')
  add('timezone ne "US/Pacific"')

  // Attribute names in any case; URN-qualified names; whitespace.
  add('USERNAME eq "bob"')
  add('UserName Eq "bob"')
  add('NAME.GIVENNAME eq "bob"')
  add('Emails.Value ew "@contoso.com"')
  add('EMAILS[TYPE eq "work"]')
  add('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob"')
  add('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName sw "jo"')
  add('URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:userName sw "b"')
  add('urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work"]')
  add('userName  eq   "bob"')
  add('userName\teq\n"bob"')
  add(' userName eq "bob" ')

  // preferredLanguage and timezone are compared as stored (not by the language or zone they mean).
  add('preferredLanguage eq "en"')
  add('preferredLanguage eq "EN"')
  add('preferredLanguage eq en')
  add('preferredLanguage eq "en-us"')
  add('preferredLanguage eq "pt-br"')
  add('preferredLanguage eq "pt_BR"')
  add('preferredLanguage sw "pt"')
  add('preferredLanguage eq "English"')
  add('preferredLanguage eq "french"')
  add('timezone eq "america/los_angeles"')
  add('timezone eq "US/Pacific"')
  add('timezone eq "us/pacific"')
  add('timezone eq "America/New_York"')
  add('timezone sw "europe/"')
  add('timezone co "_"')
  add('timezone ew "york"')

  // Multi-valued attributes, value filters, Entra's forms.
  add('emails co "contoso"')
  add('emails eq "jyoung@contoso.com"')
  add('emails eq "JYOUNG@CONTOSO.COM"')
  add('emails.value eq "Émile.Zola@example.com"')
  add('emails.value eq "émile.zola@example.com"')
  add('emails.value eq "åsa@contoso.com"')
  add('emails.value ew "@CONTOSO.COM"')
  add('emails.value sw "nobody@"')
  add('emails[type eq "work" and value co "@contoso"]')
  add('emails[type eq "Work Email" and value co "@CONTOSO"]')
  add('emails[type eq "work"].value eq "jyoung@contoso.com"')
  add('emails[type eq "work"].value eq "JYOUNG@CONTOSO.COM"')
  add('emails[type eq "home"].value eq "jyoung@contoso.com"')
  add('emails[type eq "work"].value eq "ÅSA@contoso.com"')
  add('emails[type eq "work"].value eq "nobody@contoso.com"')
  add('emails[type eq "work"]')
  add('emails[type eq "WORK"]')
  add('emails[type eq "Work Email"]')
  add('emails[type eq "WORK EMAIL"]')
  add('emails[type eq "work email "]')
  add('emails[type eq "home"]')
  add('emails[type eq "Home Email"]')
  add('emails[type eq "other"]')
  add('emails[type eq "Other Email"]')
  add('emails[type eq "mobile"]')
  add('emails[type ne "work"]')
  add('emails[type sw "work"]')
  add('emails[type co "email"]')
  add('emails[type ew "Email"]')
  add('emails[type pr]')
  add('emails[not (type pr)]')
  add('emails[not (type eq "work")]')
  add('emails.type eq "work"')
  add('emails.type eq "Work Email"')
  add('emails.type ne "work"')
  add('emails.type co "work"')
  add('emails.type sw "h"')
  add('emails.type pr')
  add('not (emails.type pr)')
  add('emails[primary eq true]')
  add('emails[primary eq "True"]')
  add('emails[primary eq false]')
  add('emails[primary ne true]')
  add('emails[primary pr]')
  add('emails[primary eq true and type eq "home"]')
  add('emails[value ew ".org" or primary eq true]')
  add('emails[not (primary eq true)]')
  add('emails[not (primary eq false)]')
  add('emails[display pr]')
  add('emails[display eq "work"]')
  add('emails[not (display eq "Work")]')
  add('emails[not (value co "contoso")]')
  add('emails[value co "contoso" and not (type eq "work")]')
  add('emails[type eq "work"] and phoneNumbers[type eq "mobile"]')
  add('emails[type eq "work"] or phoneNumbers[type eq "mobile"]')
  add('not (emails[type eq "work"])')
  add('not (emails[type eq "home"]) and emails pr')
  add('emails[type eq "work" and value co "contoso"] or roles[value eq "Developer"]')
  add('emails[type eq "work"].value co "contoso" and active eq true')
  add('emails[value eq "\\"quo\\\\\\"te\\"@contoso.com"]')
  add('roles eq "developer"')
  add('roles eq "Developer"')
  add('roles co "super"')
  add('roles.value eq "Standard User"')
  add('roles.value eq "standard user"')
  add('roles.value ne "Standard User"')
  add('roles.type eq "primary"')
  add('roles.type eq "Secondary"')
  add('roles.display eq "dev"')
  add('roles[primary eq true].value eq "Developer"')
  add('roles[primary eq "True"].value eq "Developer"')
  add('roles[primary eq "true"]')
  add('roles[primary eq false]')
  add('roles[primary ne true]')
  add('roles[primary pr]')
  add('roles[not (primary pr)]')
  add('roles[not (primary eq true)]')
  add('roles[type eq "Primary" and primary eq true]')
  add('roles[type eq "Primary"].value eq "Developer"')
  add('roles[type eq "primary"].value eq "group supervisor"')
  add('roles[value eq "Developer" and primary eq false]')
  add('roles[value eq "Developer" or value eq "Support User"]')
  add('roles[value eq "Developer"] and roles[value eq "Group Supervisor"]')
  add('roles[value eq "Developer" and value eq "Group Supervisor"]')
  add('roles[not (type eq "Primary")]')
  add('roles[display pr]')
  add('roles.primary eq true and roles.value eq "Developer"')
  add('phoneNumbers pr')
  add('phoneNumbers eq "+14155550123"')
  add('phoneNumbers.value eq "+14155550123"')
  add('phoneNumbers.value sw "+44"')
  add('phoneNumbers.value co "555"')
  add('phoneNumbers.value eq "14155550123"')
  add('phoneNumbers[type eq "mobile"]')
  add('phoneNumbers[type eq "Mobile Phone"]')
  add('phoneNumbers[type eq "MOBILE"]')
  add('phoneNumbers[type eq "work"]')
  add('phoneNumbers[type eq "work"].value eq "+14155550123"')
  add('phoneNumbers[type eq "home"].value sw "+1212"')
  add('phoneNumbers[type eq "SMS Phone"]')
  add('phoneNumbers[type eq "sms phone"]')
  add('phoneNumbers[type eq "other"]')
  add('phoneNumbers[type pr]')
  add('phoneNumbers[not (type pr)]')
  add('phoneNumbers[value sw "+44"]')
  add('phoneNumbers[type eq "mobile" and primary eq true]')
  add('phoneNumbers[not (primary eq true)]')
  add('phoneNumbers[display eq "desk"]')
  add('phoneNumbers[not (display eq "desk")]')
  add('phoneNumbers.type eq "mobile"')
  add('phoneNumbers.type eq "work"')
  add('groups pr')
  add('groups.value eq "x"')
  add('groups.value ne "x"')
  add('groups[value eq "x"]')
  add('not (groups.display eq "x")')
  add('groups.type pr')

  // Outside the filterable list: the evaluator takes them (RFC 7644), the SQL store may refuse them.
  add('name pr')
  add('meta.resourceType eq "User"')

  // Refused: syntax, unknown attributes, operators and literals a type does not take.
  add('userName')
  add('userName eq')
  add('userName zz "a"')
  add('(userName eq "a"')
  add('userName eq "a")')
  add('userName eq "a" and')
  add('userName eq "a" or or userName eq "b"')
  add('userName eq "unterminated')
  add('userName eq "bad \\x escape"')
  add('not userName eq "a"')
  add('emails[type eq "work"')
  add('emails[value[type eq "x"]]')
  add('emails.value[type eq "work"]')
  add('emails[type eq "work"].foo eq "x"')
  add('emails[foo eq "x"]')
  add('foo eq "x"')
  add('name.middleName eq "x"')
  add('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"')
  add('password eq "x"')
  add('password pr')
  add('name eq "Joy"')
  add('meta eq "x"')
  add('emails[type eq "work"] eq "x"')
  add('userName eq "a" and foo pr')
  add('userName pr or password pr')
  add(`${'('.repeat(40)}userName eq "bob"${')'.repeat(40)}`)
  add(`${'('.repeat(20)}userName eq "bob"${')'.repeat(20)}`)
}

/** The filter table: systematic rows (attribute × operator × values from the data) and hand-written ones. */
export function filterCases(users: readonly JsonObject[]): string[] {
  const out = new Set<string>()
  const add = (filter: string): void => {
    out.add(filter)
  }
  systematic(users, add)
  handWritten(users, add)
  return [...out]
}
