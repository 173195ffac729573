// roster completion bash|zsh|fish: a shell completion script generated from the commander program
// itself, so every command, subcommand and long option completes, including commands added later,
// without editing this file. Values complete where they are fixed (an option's or argument's
// choices, e.g. this command's shells); an option taking a free value falls back to file names.
import type { Command } from 'commander'
import { Argument } from 'commander'

export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

/** One long option of a command. */
export interface OptionSpec {
  readonly flag: string
  readonly takesValue: boolean
  readonly choices: readonly string[]
  readonly description: string
}

/** A command of the program, its path from the root (`roster token create`) and what follows it. */
export interface CommandSpec {
  readonly path: string
  readonly description: string
  readonly subcommands: readonly CommandSpec[]
  readonly options: readonly OptionSpec[]
  /** The choices of each positional argument, by position (empty when the value is free). */
  readonly arguments: readonly (readonly string[])[]
}

/** Options of the root that do not apply under a subcommand. */
const ROOT_ONLY = new Set(['--help', '--version'])

/** A word a shell can take as it is (no quoting needed): choices that are not are left out. */
const WORD = /^[A-Za-z0-9_.:@/+%,=-]+$/

function words(values: readonly string[] | undefined): string[] {
  return (values ?? []).filter((v) => WORD.test(v))
}

/** The program as data: every command reachable from `command`, with `--help` on each. */
export function describeProgram(command: Command, path = command.name()): CommandSpec {
  const options: OptionSpec[] = command.options
    .filter((o) => o.long !== undefined && !o.hidden)
    .map((o) => ({
      flag: o.long as string,
      takesValue: o.required || o.optional,
      choices: words(o.argChoices),
      description: o.description,
    }))
  if (!options.some((o) => o.flag === '--help'))
    options.push({ flag: '--help', takesValue: false, choices: [], description: 'show help' })
  return {
    path,
    description: command.description(),
    subcommands: command.commands.map((sub) => describeProgram(sub, `${path} ${sub.name()}`)),
    options,
    arguments: command.registeredArguments.map((a) => words(a.argChoices)),
  }
}

function* walk(spec: CommandSpec): Generator<CommandSpec> {
  yield spec
  for (const sub of spec.subcommands) yield* walk(sub)
}

/** `case` arms shared by bash and zsh (the same syntax in both): lookups by command path. */
function lookups(root: CommandSpec, prefix: string): string {
  const all = [...walk(root)]
  const arm = (key: string, value: string): string => `    ${quote(key)}) echo ${quote(value)} ;;`
  const fn = (name: string, arms: string[], fallback = ''): string =>
    [`${prefix}_${name}() {`, '  case "$1" in', ...arms, '  esac', `${fallback}}`].join('\n')
  return [
    '# Subcommands of a command path.',
    fn(
      'commands',
      all
        .filter((c) => c.subcommands.length > 0)
        .map((c) => arm(c.path, c.subcommands.map((s) => s.path.split(' ').pop()).join(' '))),
    ),
    "# Long options of a command path (the root's options apply to every command).",
    fn(
      'options',
      all.map((c) => arm(c.path, c.options.map((o) => o.flag).join(' '))),
    ),
    "# The root's options that apply under every command (not --help and --version, the root's own).",
    `${prefix}_global() {\n  echo ${quote(
      root.options
        .map((o) => o.flag)
        .filter((f) => !ROOT_ONLY.has(f))
        .join(' '),
    )}\n}`,
    '# Succeeds when "PATH --option" takes a value.',
    fn(
      'takes_value',
      all
        .flatMap((c) => c.options.filter((o) => o.takesValue).map((o) => `${c.path} ${o.flag}`))
        .map((key) => `    ${quote(key)}) return 0 ;;`),
      '  return 1\n',
    ),
    '# The fixed values of "PATH --option".',
    fn(
      'option_values',
      all.flatMap((c) =>
        c.options
          .filter((o) => o.choices.length > 0)
          .map((o) => arm(`${c.path} ${o.flag}`, o.choices.join(' '))),
      ),
    ),
    '# The fixed values of "PATH N", the Nth (from 0) positional argument.',
    fn(
      'argument_values',
      all.flatMap((c) =>
        c.arguments.flatMap((choices, i) =>
          choices.length > 0 ? [arm(`${c.path} ${i}`, choices.join(' '))] : [],
        ),
      ),
    ),
  ].join('\n')
}

/** Single-quoted for sh, bash, zsh and fish alike (no quote appears in what is quoted here). */
function quote(text: string): string {
  return `'${text.replaceAll("'", '')}'`
}

/**
 * Reads the words before the cursor (from index `first` to `last`, exclusive) into the command path
 * `_rp` and the count `_rn` of positional arguments given to it; an option's value is skipped.
 */
function pathLoop(prefix: string, word: string, first: string, last: string): string {
  return `  local _rp=${prefix.slice(1)} _rn=0 _ri _rw
  for ((_ri=${first}; _ri<${last}; _ri++)); do
    _rw="${word}"
    case "$_rw" in
      --*=*) ;;
      -*) if ${prefix}_takes_value "$_rp $_rw" || ${prefix}_takes_value "${prefix.slice(1)} $_rw"; then ((_ri++)); fi ;;
      *) if [[ " $(${prefix}_commands "$_rp") " == *" $_rw "* ]]; then _rp="$_rp $_rw"; _rn=0; else ((_rn++)); fi ;;
    esac
  done`
}

export function bashScript(root: CommandSpec): string {
  const p = `_${root.path}`
  return `# ${root.path} completion for bash (generated by \`${root.path} completion bash\`).
# Install: ${root.path} completion bash > ~/.local/share/bash-completion/completions/${root.path}
#      or: echo 'source <(${root.path} completion bash)' >> ~/.bashrc
${lookups(root, p)}
${p}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
${pathLoop(p, '${COMP_WORDS[_ri]}', '1', 'COMP_CWORD')}
  if (( COMP_CWORD > 1 )) && [[ "$prev" == -* && "$prev" != *=* ]] && { ${p}_takes_value "$_rp $prev" || ${p}_takes_value "${root.path} $prev"; }; then
    COMPREPLY=($(compgen -W "$(${p}_option_values "$_rp $prev") $(${p}_option_values "${root.path} $prev")" -- "$cur"))
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(${p}_options "$_rp") $([[ $_rp == ${root.path} ]] || ${p}_global)" -- "$cur"))
    return 0
  fi
  COMPREPLY=($(compgen -W "$(${p}_commands "$_rp") $(${p}_argument_values "$_rp $_rn")" -- "$cur"))
}
complete -o default -F ${p} ${root.path}
`
}

export function zshScript(root: CommandSpec): string {
  const p = `_${root.path}`
  // zsh's \`words\` is 1-based and holds the command at 1; \`path\` is zsh's PATH, hence _rp.
  return `#compdef ${root.path}
# ${root.path} completion for zsh (generated by \`${root.path} completion zsh\`).
# Install: ${root.path} completion zsh > "\${fpath[1]}/_${root.path}"   (then start a new shell)
#      or: echo 'source <(${root.path} completion zsh)' >> ~/.zshrc   (after compinit)
${lookups(root, p)}
${p}() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}"
${pathLoop(p, '${words[_ri]}', '2', 'CURRENT')}
  local -a _rv
  if (( CURRENT > 2 )) && [[ "$prev" == -* && "$prev" != *=* ]] && { ${p}_takes_value "$_rp $prev" || ${p}_takes_value "${root.path} $prev"; }; then
    _rv=(\${=$(${p}_option_values "$_rp $prev")} \${=$(${p}_option_values "${root.path} $prev")})
    if (( \${#_rv} )); then compadd -- "\${_rv[@]}"; else _files; fi
    return
  fi
  if [[ "$cur" == -* ]]; then
    _rv=(\${=$(${p}_options "$_rp")})
    [[ $_rp == ${root.path} ]] || _rv+=(\${=$(${p}_global)})
  else
    _rv=(\${=$(${p}_commands "$_rp")} \${=$(${p}_argument_values "$_rp $_rn")})
  fi
  if (( \${#_rv} )); then compadd -- "\${_rv[@]}"; else _files; fi
}
if (( $+functions[compdef] )); then compdef ${p} ${root.path}; fi
`
}

/** One line of fish's `complete`, its description shortened to what a completion menu shows. */
function fishDescription(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return quote(line.length <= 70 ? line : `${line.slice(0, 69)}…`)
}

export function fishScript(root: CommandSpec): string {
  const name = root.path
  const all = [...walk(root)]
  const takesValue = all.flatMap((c) =>
    c.options.filter((o) => o.takesValue).map((o) => `${c.path} ${o.flag}`),
  )
  const commands = all.filter((c) => c.subcommands.length > 0)
  const lines: string[] = [
    `# ${name} completion for fish (generated by \`${name} completion fish\`).`,
    `# Install: ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    `complete -c ${name} -e`,
    `# The command path and positional count before the cursor: "roster token create 0".`,
    `function __${name}_where`,
    `  set -l tokens (commandline -opc)`,
    `  set -l path ${name}`,
    `  set -l n 0`,
    `  set -l skip 0`,
    `  for word in $tokens[2..-1]`,
    `    if test $skip = 1; set skip 0; continue; end`,
    `    switch $word`,
    `      case '--*=*'`,
    `      case '-*'`,
    `        if contains -- "$path $word" $__${name}_takes_value; or contains -- "${name} $word" $__${name}_takes_value`,
    `          set skip 1`,
    `        end`,
    `      case '*'`,
    `        if contains -- "$path $word" $__${name}_commands`,
    `          set path "$path $word"; set n 0`,
    `        else`,
    `          set n (math $n + 1)`,
    `        end`,
    `    end`,
    `  end`,
    `  echo "$path $n"`,
    `end`,
    `# Whether the cursor is on a new word of the command PATH (option values excluded).`,
    `function __${name}_at`,
    `  set -l where (__${name}_where)`,
    `  set -l prev (commandline -opc)[-1]`,
    `  set -l path (string replace -r ' [0-9]+$' '' -- $where)`,
    `  if string match -q -- '-*' $prev; and not string match -q -- '*=*' $prev`,
    `    if contains -- "$path $prev" $__${name}_takes_value; or contains -- "${name} $prev" $__${name}_takes_value`,
    `      return 1`,
    `    end`,
    `  end`,
    `  test "$path" = "$argv[1]"; or test "$where" = "$argv[1]"`,
    `end`,
    `# Whether the command path before the cursor is PATH (for PATH's options and their values).`,
    `function __${name}_in`,
    `  test (string replace -r ' [0-9]+$' '' -- (__${name}_where)) = "$argv[1]"`,
    `end`,
    `set -g __${name}_takes_value ${takesValue.map(quote).join(' ')}`,
    `set -g __${name}_commands ${commands.flatMap((c) => c.subcommands.map((s) => quote(s.path))).join(' ')}`,
  ]
  for (const c of all) {
    const at = `'__${name}_at "${c.path}"'`
    for (const sub of c.subcommands)
      lines.push(
        `complete -c ${name} -f -n ${at} -a ${quote(sub.path.split(' ').pop() as string)} -d ${fishDescription(sub.description)}`,
      )
    c.arguments.forEach((choices, i) => {
      if (choices.length > 0)
        lines.push(
          `complete -c ${name} -f -n '__${name}_at "${c.path} ${i}"' -a ${quote(choices.join(' '))}`,
        )
    })
    // The root's options apply under every command: fish offers them wherever the root's path leads.
    const under = ` -n '__${name}_in "${c.path}"'`
    for (const o of c.options) {
      const where =
        c.path !== name ? under : ROOT_ONLY.has(o.flag) ? ` -n '__${name}_at ${name}'` : ''
      const value = o.takesValue
        ? o.choices.length > 0
          ? ` -x -a ${quote(o.choices.join(' '))}`
          : ' -r'
        : ''
      lines.push(
        `complete -c ${name}${where} -l ${o.flag.slice(2)}${value} -d ${fishDescription(o.description)}`,
      )
    }
  }
  return `${lines.join('\n')}\n`
}

/** The root of the program a command belongs to. */
function rootOf(command: Command): Command {
  let root = command
  while (root.parent) root = root.parent
  return root
}

export function completionCommand(program: Command): void {
  program
    .command('completion')
    .description(
      'print a shell completion script for commands, subcommands and options (see the README to install it)',
    )
    .addArgument(new Argument('<shell>', 'the shell: bash, zsh or fish').choices(SHELLS))
    .action((shell: Shell, _options: unknown, command: Command) => {
      const spec = describeProgram(rootOf(command))
      const script =
        shell === 'bash' ? bashScript(spec) : shell === 'zsh' ? zshScript(spec) : fishScript(spec)
      process.stdout.write(script)
    })
}
