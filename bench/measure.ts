// What every benchmark measures with: autocannon runs and medians.
import autocannon from 'autocannon'
import type { Request } from 'autocannon'

export interface Result {
  readonly rps: number
  readonly p50: number
  readonly p99: number
  readonly errors: number
}

export interface LoadOptions {
  readonly connections: number
  readonly seconds: number
  readonly headers?: Record<string, string>
}

/** One autocannon run; errors count transport errors, non-2xx answers and timeouts. */
export async function load(
  url: string,
  requests: Request[],
  options: LoadOptions,
): Promise<Result> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
    requests,
  })
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  }
}

/** Several runs at once (one per instance): requests per second add up, latencies are the worst. */
export function combine(results: readonly Result[]): Result {
  return {
    rps: results.reduce((n, r) => n + r.rps, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    errors: results.reduce((n, r) => n + r.errors, 0),
  }
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** The medians of every scenario's rounds, with the ratio to the bare server's requests per second. */
export function printResults(results: Record<string, Result[]>, bareName: string): void {
  const bareRps = median((results[bareName] ?? []).map((r) => r.rps))
  const width = Math.max(...Object.keys(results).map((n) => n.length)) + 2
  console.log(
    'scenario'.padEnd(width),
    'req/s'.padStart(8),
    'vs bare'.padStart(8),
    'p50 ms'.padStart(7),
    'p99 ms'.padStart(7),
    'errors'.padStart(7),
  )
  for (const [name, list] of Object.entries(results)) {
    const rps = median(list.map((r) => r.rps))
    console.log(
      name.padEnd(width),
      rps.toFixed(0).padStart(8),
      (rps / bareRps).toFixed(3).padStart(8),
      median(list.map((r) => r.p50))
        .toFixed(1)
        .padStart(7),
      median(list.map((r) => r.p99))
        .toFixed(1)
        .padStart(7),
      String(list.reduce((n, r) => n + r.errors, 0)).padStart(7),
    )
  }
}
