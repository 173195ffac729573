// The member-step tables of group.contract.ts. Members are named by symbol and resolved by the contract:
// u0…u3 are users (userName = the symbol), g0 and g1 groups (displayName = the symbol), `self` is the
// group being changed and `x` an id nothing in the directory has. A ref is sent with its type; `~u0`
// sends it without one and `!u0` with the wrong one.

export type SymbolicStep =
  | { readonly kind: 'add' | 'set'; readonly members: readonly string[] }
  | { readonly kind: 'remove'; readonly ids: readonly string[] }
  | { readonly kind: 'clear' }
  /** The filter as text, parsed by the contract. */
  | { readonly kind: 'removeWhere'; readonly filter: string }

export const add = (...members: string[]): SymbolicStep => ({ kind: 'add', members })
export const set = (...members: string[]): SymbolicStep => ({ kind: 'set', members })
export const remove = (...ids: string[]): SymbolicStep => ({ kind: 'remove', ids })
export const clear: SymbolicStep = { kind: 'clear' }
export const removeWhere = (filter: string): SymbolicStep => ({ kind: 'removeWhere', filter })

export interface StepCase {
  readonly name: string
  /** The members the group is created with. */
  readonly initial: readonly string[]
  readonly steps: readonly SymbolicStep[]
  /** Whether the update also renames the group. */
  readonly rename?: boolean
  readonly expected: readonly string[]
  /** Whether the version (and lastModified) moves on: only when something changed. */
  readonly bumped: boolean
}

export const STEP_CASES: readonly StepCase[] = [
  {
    name: 'add a new user',
    initial: ['u0'],
    steps: [add('u1')],
    expected: ['u0', 'u1'],
    bumped: true,
  },
  {
    name: 'add members already there: nothing changes',
    initial: ['u0', 'g0'],
    steps: [add('u0', 'g0')],
    expected: ['u0', 'g0'],
    bumped: false,
  },
  {
    name: 'add a member already there and a new one',
    initial: ['u0'],
    steps: [add('u0', 'u1')],
    expected: ['u0', 'u1'],
    bumped: true,
  },
  {
    name: 'add a group',
    initial: ['u0'],
    steps: [add('g0')],
    expected: ['u0', 'g0'],
    bumped: true,
  },
  {
    name: 'add refs sent without a type',
    initial: [],
    steps: [add('~u0', '~g0')],
    expected: ['u0', 'g0'],
    bumped: true,
  },
  {
    name: 'remove a user',
    initial: ['u0', 'u1'],
    steps: [remove('u0')],
    expected: ['u1'],
    bumped: true,
  },
  {
    name: 'remove a group',
    initial: ['u0', 'g0'],
    steps: [remove('g0')],
    expected: ['u0'],
    bumped: true,
  },
  {
    name: 'remove ids that are not members (or nothing at all): ignored',
    initial: ['u0'],
    steps: [remove('u1', 'g0', 'x')],
    expected: ['u0'],
    bumped: false,
  },
  { name: 'remove no ids', initial: ['u0'], steps: [remove()], expected: ['u0'], bumped: false },
  { name: 'clear', initial: ['u0', 'u1', 'g0'], steps: [clear], expected: [], bumped: true },
  { name: 'clear an empty group', initial: [], steps: [clear], expected: [], bumped: false },
  {
    name: 'set other members: exactly those',
    initial: ['u0', 'u1', 'g0'],
    steps: [set('u1', 'u2', 'g1')],
    expected: ['u1', 'u2', 'g1'],
    bumped: true,
  },
  {
    name: 'set the same members in another order: nothing changes',
    initial: ['u0', 'u1', 'g0'],
    steps: [set('g0', 'u1', 'u0')],
    expected: ['u0', 'u1', 'g0'],
    bumped: false,
  },
  { name: 'set no members', initial: ['u0', 'g0'], steps: [set()], expected: [], bumped: true },
  {
    name: 'removeWhere type eq "Group"',
    initial: ['u0', 'g0', 'g1'],
    steps: [removeWhere('type eq "Group"')],
    expected: ['u0'],
    bumped: true,
  },
  {
    name: 'removeWhere type eq "User"',
    initial: ['u0', 'u1', 'g0'],
    steps: [removeWhere('type eq "User"')],
    expected: ['g0'],
    bumped: true,
  },
  {
    name: 'removeWhere matching no member',
    initial: ['u0'],
    steps: [removeWhere('type eq "Group"')],
    expected: ['u0'],
    bumped: false,
  },
  {
    name: 'removeWhere by display, ignoring case',
    initial: ['u0', 'u1', 'g0'],
    steps: [removeWhere('display eq "U1"')],
    expected: ['u0', 'g0'],
    bumped: true,
  },
  {
    name: 'removeWhere with or',
    initial: ['u0', 'u1', 'g0'],
    steps: [removeWhere('type eq "Group" or display eq "u0"')],
    expected: ['u1'],
    bumped: true,
  },
  {
    name: 'consecutive removeWhere steps remove what any of them selects (one scan)',
    initial: ['u0', 'u1', 'u2', 'g0'],
    steps: [
      removeWhere('display eq "u0"'),
      removeWhere('type eq "Group"'),
      removeWhere('display eq "zz"'),
    ],
    expected: ['u1', 'u2'],
    bumped: true,
  },
  {
    name: 'removeWhere, add, removeWhere: the add is seen by the second removal only',
    initial: ['u0', 'g0'],
    steps: [removeWhere('type eq "Group"'), add('g1', 'u1'), removeWhere('display eq "u0"')],
    expected: ['u1', 'g1'],
    bumped: true,
  },
  {
    name: 'several steps apply in order',
    initial: ['u0'],
    steps: [clear, add('u1', 'u2'), remove('u1')],
    expected: ['u2'],
    bumped: true,
  },
  {
    name: 'set, then add',
    initial: ['u0'],
    steps: [set('u1'), add('g0')],
    expected: ['u1', 'g0'],
    bumped: true,
  },
  {
    name: 'removeWhere, then add',
    initial: ['u0', 'g0'],
    steps: [removeWhere('type eq "Group"'), add('g1')],
    expected: ['u0', 'g1'],
    bumped: true,
  },
  { name: 'no step and no change', initial: ['u0'], steps: [], expected: ['u0'], bumped: false },
  {
    name: 'a rename alone',
    initial: ['u0'],
    steps: [],
    rename: true,
    expected: ['u0'],
    bumped: true,
  },
  {
    name: 'a rename with steps',
    initial: ['u0'],
    steps: [add('u1')],
    rename: true,
    expected: ['u0', 'u1'],
    bumped: true,
  },
]

export interface FailingCase {
  readonly name: string
  readonly initial: readonly string[]
  readonly steps: readonly SymbolicStep[]
  readonly rename?: boolean
  /** The member whose id the 400's detail names. */
  readonly names: string
}

/** Updates refused with 400 invalidValue: the group is left exactly as it was, name included. */
export const FAILING_CASES: readonly FailingCase[] = [
  {
    name: 'an unknown id after a valid add, with a rename',
    initial: ['u0'],
    steps: [add('u1'), add('x')],
    rename: true,
    names: 'x',
  },
  {
    name: 'an unknown id among known ones',
    initial: ['u0'],
    steps: [add('u1', 'x', 'g0')],
    names: 'x',
  },
  {
    name: 'clear, then an unknown id',
    initial: ['u0', 'g0'],
    steps: [clear, add('x')],
    names: 'x',
  },
  { name: 'set with an unknown id', initial: ['u0'], steps: [set('u1', 'x')], names: 'x' },
  {
    name: 'a user sent as a Group, after a remove',
    initial: ['u0'],
    steps: [remove('u0'), add('!u1')],
    rename: true,
    names: 'u1',
  },
  { name: 'a group sent as a User', initial: [], steps: [add('!g0')], names: 'g0' },
  { name: 'the group itself', initial: ['u0'], steps: [add('u1'), add('self')], names: 'self' },
  {
    name: 'the group itself through set',
    initial: ['u0'],
    steps: [set('u0', 'self')],
    names: 'self',
  },
]

/**
 * A change of one member of the display fixture, and the groups whose version and lastModified move on.
 * The fixture: users ann (givenName Ann, familyName Lee: display "Ann Lee"), bob (no names: display
 * "bob") and carl (in no group); groups G1 {ann, bob}, G2 {ann}, G3 {bob}, Child {ann}, Parent {Child},
 * Grand {Parent}. A member's display is part of the groups holding it directly (RFC 7644 §3.14: their
 * ETag must change with it); groups holding it through nesting list no row of it.
 */
export interface DisplayCase {
  readonly name: string
  /** The user or group changed. */
  readonly member: 'ann' | 'bob' | 'carl' | 'Child' | 'Parent'
  /** The user's attributes set (null: removed), or the group's. */
  readonly user?: {
    readonly userName?: string
    readonly givenName?: string | null
    readonly familyName?: string | null
    readonly active?: boolean
  }
  readonly group?: { readonly displayName?: string; readonly externalId?: string }
  /** A member added to the group (a user of the fixture). */
  readonly addUser?: 'carl'
  /** Whether the change writes nothing at all (its function returns undefined). */
  readonly noWrite?: boolean
  /** The groups whose version moves on, the changed group itself included. */
  readonly moved: readonly string[]
}

export const DISPLAY_CASES: readonly DisplayCase[] = [
  {
    name: 'a user’s givenName changes: its direct groups move',
    member: 'ann',
    user: { givenName: 'Anne' },
    moved: ['G1', 'G2', 'Child'],
  },
  {
    name: 'a user’s familyName goes: "Ann" is another display',
    member: 'ann',
    user: { familyName: null },
    moved: ['G1', 'G2', 'Child'],
  },
  {
    name: 'a user’s givenName changes in case only: the display does',
    member: 'ann',
    user: { givenName: 'ANN' },
    moved: ['G1', 'G2', 'Child'],
  },
  {
    name: 'the userName of a user with names: the display stays "Ann Lee"',
    member: 'ann',
    user: { userName: 'ann.lee' },
    moved: [],
  },
  {
    name: 'the userName of a user without names: its display',
    member: 'bob',
    user: { userName: 'robert' },
    moved: ['G1', 'G3'],
  },
  {
    name: 'a user in no group renamed: no group moves',
    member: 'carl',
    user: { userName: 'karl', givenName: 'Karl' },
    moved: [],
  },
  {
    name: 'a givenName of spaces: the display is still the userName',
    member: 'bob',
    user: { givenName: '  ' },
    moved: [],
  },
  {
    name: 'names given to a user that had none',
    member: 'bob',
    user: { givenName: 'Bob', familyName: 'Ray' },
    moved: ['G1', 'G3'],
  },
  {
    name: 'a change of another attribute (active) moves no group',
    member: 'ann',
    user: { active: false },
    moved: [],
  },
  {
    name: 'an update that writes nothing moves no group',
    member: 'ann',
    noWrite: true,
    moved: [],
  },
  {
    name: 'a group renamed: itself and the group holding it directly, not the one above',
    member: 'Child',
    group: { displayName: 'Kid' },
    moved: ['Child', 'Parent'],
  },
  {
    name: 'a group renamed in case only: a new display',
    member: 'Parent',
    group: { displayName: 'PARENT' },
    moved: ['Parent', 'Grand'],
  },
  {
    name: 'a group’s externalId changes: itself only',
    member: 'Child',
    group: { externalId: 'kid' },
    moved: ['Child'],
  },
  {
    name: 'a member added to a group: itself only',
    member: 'Child',
    addUser: 'carl',
    moved: ['Child'],
  },
  {
    name: 'a group’s update that changes nothing moves nothing',
    member: 'Child',
    group: {},
    moved: [],
  },
]
