// The one error type of Roster. RFC 7644 §3.12: an error is a status (sent as a string) with an optional
// scimType and a human-readable detail. Callers never pick a status by hand: they use the named constructors.

export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  // RFC 9865 §2.1 (cursor pagination)
  | 'invalidCursor'
  | 'expiredCursor'

/** One problem of a request: where (an attribute path, or empty) and what to do about it. */
export interface Problem {
  readonly path: string
  readonly message: string
}

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

export class ScimError extends Error {
  readonly status: number
  readonly scimType: ScimType | undefined
  readonly detail: string
  /** Extra response headers (WWW-Authenticate, Retry-After, Allow). */
  readonly headers: Readonly<Record<string, string>>
  /** The problems `detail` lists, each with its path (empty unless built from validation issues). */
  readonly problems: readonly Problem[]

  constructor(
    status: number,
    scimType: ScimType | undefined,
    detail: string,
    headers: Record<string, string> = {},
    problems: readonly Problem[] = [],
  ) {
    super(detail)
    this.name = 'ScimError'
    this.status = status
    this.scimType = scimType
    this.detail = detail
    this.headers = headers
    this.problems = problems
  }

  // 400s named after the RFC 7644 §3.12 scimType they carry.
  static invalidFilter(detail: string): ScimError {
    return new ScimError(400, 'invalidFilter', detail)
  }
  static tooMany(detail: string): ScimError {
    return new ScimError(400, 'tooMany', detail)
  }
  static invalidSyntax(detail: string): ScimError {
    return new ScimError(400, 'invalidSyntax', detail)
  }
  static invalidPath(detail: string): ScimError {
    return new ScimError(400, 'invalidPath', detail)
  }
  static noTarget(detail: string): ScimError {
    return new ScimError(400, 'noTarget', detail)
  }
  static invalidValue(detail: string): ScimError {
    return new ScimError(400, 'invalidValue', detail)
  }
  /** RFC 9865 §2.1: a cursor that is malformed, altered, or from another query. */
  static invalidCursor(detail: string): ScimError {
    return new ScimError(400, 'invalidCursor', detail)
  }
  /** RFC 9865 §2.1: a cursor older than the cursor timeout. */
  static expiredCursor(detail: string): ScimError {
    return new ScimError(400, 'expiredCursor', detail)
  }
  static mutability(detail: string): ScimError {
    return new ScimError(400, 'mutability', detail)
  }
  /** 409: RFC 7644 §3.3, a value that must be unique already exists. */
  static uniqueness(detail: string): ScimError {
    return new ScimError(409, 'uniqueness', detail)
  }
  /** 409 without scimType: the resource kept changing under a read-modify-write; the client retries. */
  static conflict(detail: string): ScimError {
    return new ScimError(409, undefined, detail)
  }
  static badRequest(detail: string): ScimError {
    return new ScimError(400, undefined, detail)
  }
  /**
   * 401 with the same body whatever was wrong (unknown tenant, bad scheme, revoked, expired, another
   * tenant's credential): no hint of which part failed or whether the tenant exists.
   */
  static unauthorized(): ScimError {
    return new ScimError(
      401,
      undefined,
      'Authentication failed: send a valid bearer token (or client credentials).',
      { 'www-authenticate': 'Bearer realm="roster", Basic realm="roster"' },
    )
  }
  /** 429 (RFC 6585 §4): too many requests or failed authentications; retry after the given time. */
  static tooManyRequests(detail: string, retryAfterSeconds: number): ScimError {
    return new ScimError(429, undefined, detail, { 'retry-after': String(retryAfterSeconds) })
  }
  static notFound(detail: string): ScimError {
    return new ScimError(404, undefined, detail)
  }
  static methodNotAllowed(detail: string, allow: string): ScimError {
    return new ScimError(405, undefined, detail, { allow })
  }
  static preconditionFailed(detail: string): ScimError {
    return new ScimError(412, undefined, detail)
  }
  static payloadTooLarge(detail: string): ScimError {
    return new ScimError(413, undefined, detail)
  }
  static unsupportedMediaType(detail: string): ScimError {
    return new ScimError(415, undefined, detail)
  }
  static unavailable(detail: string, retryAfterSeconds: number): ScimError {
    return new ScimError(503, undefined, detail, { 'retry-after': String(retryAfterSeconds) })
  }
}

export interface ScimErrorBody {
  readonly schemas: readonly [typeof ERROR_SCHEMA]
  readonly status: string
  readonly scimType?: ScimType
  readonly detail: string
}

/** RFC 7644 §3.12 error body; `status` is a string as the RFC's examples (and Entra) expect. */
export function toScimErrorBody(error: ScimError): ScimErrorBody {
  return {
    schemas: [ERROR_SCHEMA],
    status: String(error.status),
    ...(error.scimType === undefined ? {} : { scimType: error.scimType }),
    detail: error.detail,
  }
}
