// /metrics (Prometheus text format) on a listener of its own, ROSTER_METRICS_PORT: never on the SCIM
// port, so it can stay inside the private network. Nothing else is served there.
import { createServer } from 'node:http'
import type { Server } from 'node:http'

/** What a prom-client Registry offers for scraping. */
export interface Scrapable {
  metrics(): Promise<string>
  readonly contentType: string
}

export function metricsServer(registry: Scrapable): Server {
  return createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0]
    if (request.method !== 'GET' || path !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('Only GET /metrics is served here.\n')
      return
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n'),
    )
  })
}
