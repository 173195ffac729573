// Replace(source, oldValue, regexPattern, regexGroupName, replacementValue, replacementAttributeName,
// template): S8's five behaviours, chosen by which arguments are given. Patterns are .NET regular
// expressions; the common ones run unchanged in JavaScript (named groups `(?<name>…)`), and the few .NET
// spellings that differ are translated: `(?'name'…)`, a leading `(?i)`, `\A`, `\Z`, `\z`, and `${name}`
// in replacement values.
import type { Call, FunctionSpec } from './spec.js'

function regex(call: Call, i: number): RegExp {
  let pattern = call.text(i) ?? ''
  let flags = 'gd'
  const inline = /^\(\?([imsx]+)\)/.exec(pattern)
  if (inline) {
    if ((inline[1] as string).includes('x'))
      call.fail('the (?x) option (ignore pattern white space) is not supported.', i)
    flags += (inline[1] as string).replace(/[^is]/g, '')
    pattern = pattern.slice(inline[0].length)
  }
  pattern = pattern
    .replace(/\(\?'([A-Za-z_]\w*)'/g, '(?<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\[Zz]/g, '$')
  try {
    return new RegExp(pattern, flags)
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : ''
    return call.fail(`the regexPattern is not a valid regular expression (${reason}).`, i)
  }
}

/** .NET substitutions (`${name}`, `${1}`) in JavaScript's spelling (`$<name>`, `$1`). */
function replacement(text: string): string {
  return text.replace(/\$\{(\w+)\}/g, (_, name: string) =>
    /^\d+$/.test(name) ? `$${name}` : `$<${name}>`,
  )
}

/** `text` with the span of group `group` in every match replaced by `value`. */
function replaceGroup(call: Call, text: string, re: RegExp, group: string, value: string): string {
  let out = ''
  let last = 0
  for (const match of text.matchAll(re)) {
    const span = match.indices?.groups?.[group]
    if (match.indices?.groups === undefined || !(group in match.indices.groups))
      call.fail(`the regexPattern has no group named ${JSON.stringify(group)}.`, 3)
    if (!span) continue
    out += text.slice(last, span[0]) + value
    last = span[1]
  }
  return out + text.slice(last)
}

export const REPLACE: FunctionSpec = {
  name: 'Replace',
  params: [
    { name: 'source' },
    { name: 'oldValue', optional: true },
    { name: 'regexPattern', optional: true },
    { name: 'regexGroupName', optional: true },
    { name: 'replacementValue', optional: true },
    { name: 'replacementAttributeName', optional: true },
    { name: 'template', optional: true },
  ],
  check: (node, fail) => {
    const given = (i: number): boolean =>
      node.args[i] !== undefined && node.args[i]?.kind !== 'missing'
    if (!given(1) && !given(2)) fail('Replace needs an oldValue or a regexPattern.')
    if (given(2) && !given(4) && !(given(3) && given(5)))
      fail(
        'a regexPattern needs a replacementValue (or a regexGroupName with a replacementAttributeName).',
        2,
      )
    if (!given(2) && given(1) && !given(4) && !given(6))
      fail('an oldValue needs a replacementValue or a template.', 1)
  },
  evaluate: (call) => {
    const source = call.text(0)
    if (call.has(2)) {
      const re = regex(call, 2)
      if (call.has(3) && call.has(5)) {
        if (source !== null && source !== '') return source
        const other = call.text(5)
        if (other === null) return null
        const group = call.text(3) ?? ''
        for (const match of other.matchAll(re)) {
          const groups = match.groups ?? {}
          if (!(group in groups))
            call.fail(`the regexPattern has no group named ${JSON.stringify(group)}.`, 3)
          const value = groups[group]
          if (value !== undefined) return value
        }
        return null
      }
      if (source === null) return null
      const value = call.text(4) ?? ''
      if (call.has(3)) return replaceGroup(call, source, re, call.text(3) ?? '', value)
      return source.replace(re, replacement(value))
    }
    const oldValue = call.text(1) ?? ''
    if (oldValue === '') call.fail('oldValue must not be empty.', 1)
    if (source === null) return null
    if (call.has(6)) return (call.text(6) ?? '').replaceAll(oldValue, () => source)
    const value = call.text(4) ?? ''
    return source.replaceAll(oldValue, () => value)
  },
}
