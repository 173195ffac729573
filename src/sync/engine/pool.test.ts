// The pool of a cycle's steps: entries in the items' order whatever order they finish in, at most
// `concurrency` items under way, at most `window` items past the oldest unfinished one, a stop that
// lets the items under way finish, and an error that ends the step without a hang.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { LogEntry } from './log.js'
import { orderedPool, Sequencer } from './pool.js'
import type { PoolControl } from './pool.js'

const entry = (sourceId: string, action: LogEntry['action'] = 'Create'): LogEntry => ({
  cycle: 1,
  cycleType: 'initial',
  objectType: 'User',
  action,
  status: 'success',
  sourceId,
  name: sourceId,
  steps: [],
})

/** Lets other work run `turns` times (setImmediate rounds): an item's "duration", without a clock. */
const turns = async (n: number): Promise<void> => {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve))
}

interface Trace {
  emitted: string[]
  started: string[]
  maxUnderWay: number
  /** For each start, the oldest item not finished then (its index). */
  oldestAtStart: number[]
  ticks: number
}

interface Harness {
  control: PoolControl
  trace: Trace
  /** What Run.finish does with an entry while a step runs. */
  add(e: LogEntry): void
  /** The oldest unfinished item as the sequencer sees it. */
  oldest(): number
}

function harness(concurrency: number, stopAfter = Infinity): Harness {
  const trace: Trace = { emitted: [], started: [], maxUnderWay: 0, oldestAtStart: [], ticks: 0 }
  let sequencer: Sequencer | undefined
  return {
    trace,
    add: (e) => sequencer?.add(e),
    oldest: () => sequencer?.next ?? -1,
    control: {
      concurrency,
      stopped: () => trace.started.length >= stopAfter,
      tick: () => trace.ticks++,
      route: (s) => {
        sequencer = s
      },
      emit: (e) => trace.emitted.push(`${e.sourceId}:${e.action}`),
    },
  }
}

/** Runs the pool over ids 0..n-1; item i takes durations[i] turns and logs two entries (start, end). */
async function runPool(
  durations: readonly number[],
  concurrency: number,
  window?: number,
  stopAfter?: number,
): Promise<Trace> {
  const h = harness(concurrency, stopAfter)
  const { trace } = h
  let underWay = 0
  const items = durations.map((d, i) => ({ id: `u${i}`, d }))
  await orderedPool(
    h.control,
    items,
    (item) => item.id,
    async (item) => {
      underWay++
      trace.maxUnderWay = Math.max(trace.maxUnderWay, underWay)
      trace.started.push(item.id)
      trace.oldestAtStart.push(h.oldest())
      h.add(entry(item.id, 'Other'))
      await turns(item.d)
      h.add(entry(item.id, 'Create'))
      underWay--
    },
    window,
  )
  return trace
}

const inOrder = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => [`u${i}:Other`, `u${i}:Create`]).flat()

describe('the ordered pool', () => {
  const cases: {
    name: string
    durations: number[]
    concurrency: number
    window?: number
  }[] = [
    { name: 'one at a time', durations: [3, 1, 2, 0, 5], concurrency: 1 },
    { name: 'later items finish first', durations: [20, 10, 5, 1, 0, 0, 7], concurrency: 4 },
    { name: 'more workers than items', durations: [2, 1, 0], concurrency: 64 },
    {
      name: 'the first item is slow, the window holds the rest back',
      durations: [50, ...Array<number>(20).fill(0)],
      concurrency: 3,
      window: 4,
    },
    {
      name: 'random durations',
      durations: [7, 3, 9, 0, 4, 4, 1, 8, 2, 6, 5, 0, 3, 9],
      concurrency: 5,
      window: 6,
    },
  ]
  for (const c of cases)
    it(`${c.name}: entries in the items' order, at most ${c.concurrency} under way`, async () => {
      const trace = await runPool(c.durations, c.concurrency, c.window)
      assert.deepEqual(trace.emitted, inOrder(c.durations.length))
      assert.ok(trace.maxUnderWay <= c.concurrency, `${trace.maxUnderWay} under way`)
      assert.equal(trace.ticks, c.durations.length)
      if (c.window !== undefined)
        trace.started.forEach((id, k) =>
          assert.ok(
            Number(id.slice(1)) < (trace.oldestAtStart[k] ?? 0) + (c.window ?? 0),
            `${id} started while u${trace.oldestAtStart[k]} was unfinished`,
          ),
        )
    })

  it('stops taking items when stopped, and finishes those under way with their entries', async () => {
    const trace = await runPool([5, 5, 5, 5, 5, 5, 5, 5], 3, undefined, 4)
    assert.equal(trace.started.length, 4)
    assert.deepEqual(trace.emitted, inOrder(4))
  })

  it('ends the step with the error of an item, after the items under way, without a hang', async () => {
    const { control: c, trace } = harness(3)
    const items = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    await assert.rejects(
      orderedPool(
        c,
        items,
        (i) => `u${i}`,
        async (i) => {
          trace.started.push(`u${i}`)
          await turns(i === 0 ? 10 : 1)
          if (i === 2) throw new Error('not an object failure')
        },
        2,
      ),
      /not an object failure/,
    )
    assert.ok(trace.started.length < items.length)
  })

  it('the sequencer passes on entries of unknown objects at once and flushes what it holds', () => {
    const out: string[] = []
    const s = new Sequencer(
      new Map([
        ['a', 0],
        ['b', 1],
        ['c', 2],
      ]),
      (e) => out.push(e.sourceId),
    )
    s.add(entry('c'))
    s.add(entry('zz'))
    s.add(entry('b'))
    assert.deepEqual(out, ['zz'])
    s.flush()
    assert.deepEqual(out, ['zz', 'b', 'c'])
  })
})
