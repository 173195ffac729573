// The Prometheus metrics (prom-client) on a Registry created here and passed down, never the global one
// (tests build many apps). Labels are bounded: the tenant's slug (tenants are created by operators),
// the resource type and operation (fixed lists), the status class; never ids, filters or raw URLs.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

export interface Metrics {
  readonly registry: Registry
  readonly requests: Counter<'tenant' | 'resource' | 'operation' | 'status'>
  readonly duration: Histogram<'tenant' | 'resource' | 'operation'>
  /** Registers a gauge read when scraped (queue depth, pool, WAL size). */
  gauge(name: string, help: string, read: () => number | Promise<number>): void
  /** Registers a counter whose total is read when scraped (entries dropped). */
  counter(name: string, help: string, read: () => number): void
}

export function createMetrics(registry: Registry = new Registry()): Metrics {
  collectDefaultMetrics({ register: registry, prefix: 'roster_' })
  return {
    registry,
    requests: new Counter({
      name: 'roster_http_requests_total',
      help: 'SCIM requests answered, by tenant, resource type, operation and status class',
      labelNames: ['tenant', 'resource', 'operation', 'status'] as const,
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'roster_http_request_duration_seconds',
      help: 'SCIM request latency, by tenant, resource type and operation',
      labelNames: ['tenant', 'resource', 'operation'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    gauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          this.set(await read())
        },
      })
    },
    counter(name, help, read) {
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset()
          this.inc(read())
        },
      })
    },
  }
}

/** `2xx`, `4xx`, …: the status label. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`
}
