// JSON whose large arrays arrive page by page: a group's members are read from the database a page at a
// time and written to the response as they come, so a 100,000-member group never becomes one object in
// memory. A Paged value stands for such an array; an object key holding a Paged that turns out empty is
// left out (RFC 7643 §2.5: unassigned attributes are not returned). A RawJson value is JSON text
// rendered elsewhere (a page of users, rendered by the read pool's worker), written as it is.
import { Readable } from 'node:stream'
import type { Json } from '../scim/resource/coerce.js'

export class Paged {
  constructor(readonly pages: () => AsyncIterable<readonly Json[]>) {}
}

/** JSON text (RFC 8259) already serialised: written into the response unchanged, never parsed. */
export class RawJson {
  constructor(readonly text: string) {}
}

export type Streamable = Json | Paged | RawJson | Streamable[] | { [key: string]: Streamable }

/**
 * The value's JSON text at once, when it holds no Paged list (raw JSON is copied in): for bodies small
 * enough to send whole.
 */
export function jsonText(value: Streamable): string {
  if (value instanceof RawJson) return value.text
  if (value instanceof Paged) throw new TypeError('A Paged list is only written by jsonReadable.')
  if (!isStreamed(value)) return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`
  const parts = Object.entries(value as Record<string, Streamable>).map(
    ([key, item]) => `${JSON.stringify(key)}:${jsonText(item)}`,
  )
  return `{${parts.join(',')}}`
}

/** The length in UTF-16 code units of the raw JSON text the value holds (what jsonText copies). */
export function rawLength(value: Streamable): number {
  if (value instanceof RawJson) return value.text.length
  if (value instanceof Paged || value === null || typeof value !== 'object') return 0
  return (Array.isArray(value) ? value : Object.values(value)).reduce<number>(
    (n, item) => n + rawLength(item),
    0,
  )
}

/**
 * The value as a Readable of JSON text. The first chunk is produced before this returns, so an error in
 * reading the first page (the database being down) is thrown here, before any status line is sent.
 */
export async function jsonReadable(value: Streamable): Promise<Readable> {
  const chunks = batched(serialize(value))
  const first = await chunks.next()
  return Readable.from(
    (async function* () {
      if (!first.done) yield first.value
      yield* chunks
    })(),
    { objectMode: false },
  )
}

/** Joins small strings into chunks of about 64 KiB. */
async function* batched(parts: AsyncGenerator<string>): AsyncGenerator<string> {
  let buffer = ''
  for await (const part of parts) {
    buffer += part
    if (buffer.length >= 65_536) {
      yield buffer
      buffer = ''
    }
  }
  if (buffer !== '') yield buffer
}

async function* serialize(value: Streamable): AsyncGenerator<string> {
  if (value instanceof RawJson) {
    yield value.text
    return
  }
  if (value instanceof Paged) {
    yield '['
    let first = true
    for await (const page of value.pages()) {
      for (const item of page) {
        yield (first ? '' : ',') + JSON.stringify(item)
        first = false
      }
    }
    yield ']'
    return
  }
  if (!isStreamed(value)) {
    yield JSON.stringify(value)
    return
  }
  if (Array.isArray(value)) {
    yield '['
    for (const [i, item] of value.entries()) {
      if (i > 0) yield ','
      yield* serialize(item)
    }
    yield ']'
    return
  }
  const object = value as Record<string, Streamable>
  yield '{'
  let first = true
  for (const [key, item] of Object.entries(object)) {
    if (item instanceof Paged) {
      // Peek at the first page: an empty list leaves the key out.
      const iterator = item.pages()[Symbol.asyncIterator]()
      let head = await iterator.next()
      while (!head.done && head.value.length === 0) head = await iterator.next()
      if (head.done) continue
      const firstPage = head.value
      const rest = new Paged(async function* () {
        yield firstPage
        for (let next = await iterator.next(); !next.done; next = await iterator.next())
          yield next.value
      })
      yield `${first ? '' : ','}${JSON.stringify(key)}:`
      yield* serialize(rest)
    } else {
      yield `${first ? '' : ','}${JSON.stringify(key)}:`
      yield* serialize(item)
    }
    first = false
  }
  yield '}'
}

/** Whether the value holds a Paged list or raw JSON (JSON.stringify alone would not write it right). */
export function isStreamed(value: Streamable): boolean {
  if (value instanceof Paged || value instanceof RawJson) return true
  if (Array.isArray(value)) return value.some(isStreamed)
  if (value !== null && typeof value === 'object') return Object.values(value).some(isStreamed)
  return false
}

/** Whether the value holds a Paged list (read while it is written). */
export function hasPaged(value: Streamable): boolean {
  if (value instanceof Paged) return true
  if (value instanceof RawJson) return false
  if (Array.isArray(value)) return value.some(hasPaged)
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasPaged)
  return false
}
