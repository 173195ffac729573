// Operations endpoints, unauthenticated: /healthz (the process answers) and /readyz (the database answers).
import type { FastifyInstance } from 'fastify'
import type { Store } from '../../store/store.js'

export async function opsRoutes(app: FastifyInstance, options: { store: Store }): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/readyz', async (request, reply) => {
    try {
      await options.store.ping()
      return { status: 'ready' }
    } catch (error) {
      request.log.warn({ err: error }, 'database not ready')
      return reply.code(503).header('retry-after', '5').send({ status: 'unavailable' })
    }
  })
}
