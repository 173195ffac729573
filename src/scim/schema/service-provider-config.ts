// RFC 7643 §5: what this service provider supports, as data.
import { MAX_BULK_OPERATIONS } from '../bulk/request.js'
import { CURSOR_TIMEOUT_SECONDS, DEFAULT_COUNT, MAX_COUNT } from './limits.js'

export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'

/** `maxPayloadSize` is the request body limit (ROSTER_BODY_LIMIT), which a Bulk body shares. */
export function serviceProviderConfig(
  location: string,
  maxPayloadSize: number,
): Record<string, unknown> {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: true, maxOperations: MAX_BULK_OPERATIONS, maxPayloadSize },
    filter: { supported: true, maxResults: MAX_COUNT },
    changePassword: { supported: true },
    sort: { supported: true },
    etag: { supported: true },
    // RFC 9865 §4: both paging methods; index stays the default for clients that send no cursor.
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: DEFAULT_COUNT,
      maxPageSize: MAX_COUNT,
      cursorTimeout: CURSOR_TIMEOUT_SECONDS,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description:
          "A secret token minted with 'roster token create' (Entra's Secret Token), or an OAuth 2.0 access token from the token endpoint /api/xm/1/oauth2/token (client credentials).",
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
      {
        type: 'oauth2',
        name: 'OAuth 2.0 client credentials',
        description:
          'Client credentials (roster client create) exchanged at /api/xm/1/oauth2/token for an access token.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6749',
      },
      {
        type: 'httpbasic',
        name: 'HTTP Basic',
        description:
          "A client's client_id and client_secret as user name and password (Okta's Basic Auth).",
        specUri: 'https://www.rfc-editor.org/rfc/rfc7617',
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location },
  }
}
