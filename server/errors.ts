import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * An error with a stable id and an HTTP status, answered as `{error: {code, message}}` by the
 * app's one error handler. Routes throw these through the factories below.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message)
export const invalidJson = () => new ApiError(400, 'invalid_json', 'the request body is not valid JSON')
export const validationFailed = (message: string) => new ApiError(422, 'validation_failed', message)
export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`)
export const conflict = (message: string) => new ApiError(409, 'conflict', message)
export const unavailable = (message: string) => new ApiError(503, 'unavailable', message)
export const unauthenticated = () => new ApiError(401, 'unauthenticated', 'sign in first')
export const forbidden = (message = 'you may not do this') => new ApiError(403, 'forbidden', message)
export const csrfFailed = () => new ApiError(403, 'csrf', 'missing or wrong X-CSRF-Token header for a cookie-authenticated request')
export const crossSite = () => new ApiError(403, 'csrf', 'the request comes from another site (its Origin is not this server)')
export const unsupportedMediaType = (message: string) => new ApiError(415, 'unsupported_media_type', message)
export const tooManyRequests = (message: string) => new ApiError(429, 'too_many_requests', message)
