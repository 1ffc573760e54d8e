import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { errorMessage, type ErrorParams, type ErrorReason } from '../shared/errors.js'

/**
 * An error with an HTTP status, a broad `code` (`validation_failed`, `forbidden` …) and the stable
 * `reason` of the shared catalog (shared/errors.ts) with its `params`, answered as
 * `{error: {code, reason, params, message}}` by the app's one error handler: `message` in English
 * for scripts and logs, `reason` for the web client to say it in the person's language.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly reason: ErrorReason,
    readonly params: ErrorParams = {},
  ) {
    super(errorMessage('en', reason, params))
    this.name = 'ApiError'
  }

  toJSON() {
    return { code: this.code, reason: this.reason, params: this.params, message: this.message }
  }
}

type Factory = (reason: ErrorReason, params?: ErrorParams) => ApiError

export const badRequest: Factory = (reason, params) => new ApiError(400, 'bad_request', reason, params)
export const invalidJson = () => new ApiError(400, 'invalid_json', 'request.json')
export const validationFailed: Factory = (reason, params) => new ApiError(422, 'validation_failed', reason, params)
export const notFound: Factory = (reason, params) => new ApiError(404, 'not_found', reason, params)
export const conflict: Factory = (reason, params) => new ApiError(409, 'conflict', reason, params)
export const unauthenticated = () => new ApiError(401, 'unauthenticated', 'auth.required')
export const forbidden: Factory = (reason, params) => new ApiError(403, 'forbidden', reason, params)
export const csrfFailed = () => new ApiError(403, 'csrf', 'csrf.token')
export const crossSite = () => new ApiError(403, 'csrf', 'csrf.origin')
export const unsupportedMediaType: Factory = (reason, params) => new ApiError(415, 'unsupported_media_type', reason, params)
export const tooManyRequests: Factory = (reason, params) => new ApiError(429, 'too_many_requests', reason, params)
