// The origin every URL Roster writes starts with (meta.location, Location, $ref, the console's Tenant
// URL). With ROSTER_PUBLIC_URL it is that URL, whatever the request says; without it, the request's own
// scheme and Host (X-Forwarded-Proto/-Host from a trusted proxy), so a client reads back the URL it used.
// A Host that is not a host name, an IP address or an IP literal with an optional port is refused
// (RFC 9112 §3.2: a server MUST answer 400 to a Host field with an invalid value), so nothing a client
// writes into Host is reflected into a response.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ScimError } from '../scim/errors.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** `https://roster.example` (no trailing slash); set by registerOrigin's onRequest hook. */
    origin: string
  }
}

// RFC 3986 §3.2.2 host, narrowed to what DNS and IP literals use: letters, digits, '-', '.', '_' (the
// sub-delims a reg-name may hold, such as '(' or '"', have no use in a host name), or [IPv6]; then an
// optional port of at most 5 digits.
const HOST = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,252})?|\[[0-9A-Fa-f:.]{2,45}\])(?::[0-9]{1,5})?$/

export function isValidHost(host: string): boolean {
  if (!HOST.test(host)) return false
  const port = /:([0-9]{1,5})$/.exec(host.startsWith('[') ? host.slice(host.indexOf(']')) : host)
  return port === null || Number(port[1]) <= 65535
}

/** The public URL as an origin with an optional path prefix, without a trailing slash. */
export function normalizePublicUrl(text: string): string {
  let url: URL | undefined
  try {
    url = new URL(text.trim())
  } catch {
    url = undefined
  }
  if (
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.search !== '' ||
    url.hash !== '' ||
    url.username !== '' ||
    url.password !== ''
  )
    throw new Error(
      `ROSTER_PUBLIC_URL must be an http(s) URL without query, fragment or credentials (https://roster.example.com), not '${text}'.`,
    )
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export function registerOrigin(app: FastifyInstance, publicUrl: string | undefined): void {
  app.decorateRequest('origin', '')
  app.addHook('onRequest', (request: FastifyRequest, _reply, done) => {
    const host = request.host as string | undefined
    if (typeof host !== 'string' || !isValidHost(host))
      return done(
        ScimError.badRequest(
          'The Host header is not a valid host name or address (with an optional port).',
        ),
      )
    request.origin = publicUrl ?? `${request.protocol}://${host}`
    done()
  })
}
