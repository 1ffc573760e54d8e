/**
 * The client's one way to the JSON API. Sends and reads JSON, echoes the session's CSRF token on
 * every write (the server refuses cookie-authenticated writes without it), turns
 * `{error: {code, message}}` into an {@link ApiError}, and reports a lost session (401
 * `unauthenticated`) to whoever owns the session, which sends the person to sign in.
 *
 * @example
 * const api = new ApiClient({ onUnauthenticated: () => navigate('/signin') })
 * const { programmes } = await api.get<{ programmes: ProgrammeItem[] }>('/api/programmes')
 */

import { isErrorReason, type ErrorParams, type ErrorReason } from '../../shared/errors.js'

/** A refusal of the API (or `status` 0, code `network`: the request never got an answer). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from `Retry-After` (429), else null. */
    readonly retryAfter: number | null = null,
    /** The catalog's stable reason (shared/errors.ts), which the person is told in their language. */
    readonly reason: ErrorReason | null = null,
    readonly params: ErrorParams = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** True when the request never reached the server (offline, DNS, connection refused). */
export function isNetworkError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'network'
}

export interface ApiClientOptions {
  /** Called when the server no longer knows the person (expired or revoked session). */
  onUnauthenticated?: () => void
}

interface RequestOptions {
  signal?: AbortSignal | undefined
  /** A 401 here is an answer, not a lost session (sign-in, the "who am I" probe). */
  expectUnauthenticated?: boolean
}

const SAFE = new Set(['GET', 'HEAD'])

function errorOf(status: number, body: unknown, retryAfter: string | null): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; reason?: unknown; params?: unknown } } | null)?.error
  const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null
  const params = typeof error?.params === 'object' && error.params !== null ? paramsOf(error.params) : {}
  return new ApiError(
    status,
    typeof error?.code === 'string' ? error.code : 'http',
    typeof error?.message === 'string' ? error.message : `HTTP ${status}`,
    seconds,
    isErrorReason(error?.reason) ? error.reason : null,
    params,
  )
}

/** Only text and numbers: a proxy's or a forged answer cannot put anything else into a message. */
function paramsOf(raw: object): ErrorParams {
  const params: ErrorParams = {}
  for (const [key, value] of Object.entries(raw)) if (typeof value === 'string' || typeof value === 'number') params[key] = value
  return params
}

export class ApiClient {
  /** The session's CSRF token, from the sign-in answer or `GET /api/auth/me`. */
  csrfToken: string | null = null
  readonly #onUnauthenticated: () => void

  constructor(options: ApiClientOptions = {}) {
    this.#onUnauthenticated = options.onUnauthenticated ?? (() => {})
  }

  get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('GET', path, undefined, options)
  }

  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, body, options)
  }

  put<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PUT', path, body, options)
  }

  patch<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('PATCH', path, body, options)
  }

  delete<T>(path: string, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('DELETE', path, undefined, options)
  }

  async request<T>(method: string, path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
    const write = !SAFE.has(method)
    // A page opened offline has no token yet; ask for it before the first write.
    if (write && this.csrfToken === null && !options.expectUnauthenticated) await this.refreshCsrf()
    try {
      return await this.#send<T>(method, path, body, options)
    } catch (error) {
      // The token can be stale (signed in again in another tab): fetch the current one, retry once.
      if (write && error instanceof ApiError && error.code === 'csrf' && (await this.refreshCsrf())) return this.#send<T>(method, path, body, options)
      throw error
    }
  }

  /** Asks the server for the session's CSRF token; false when there is no session. */
  async refreshCsrf(): Promise<boolean> {
    try {
      const me = await this.#send<{ csrfToken: string | null }>('GET', '/api/auth/me', undefined, { expectUnauthenticated: true })
      this.csrfToken = me.csrfToken
      return me.csrfToken !== null
    } catch {
      return false
    }
  }

  async #send<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (!SAFE.has(method) && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken
    let response: Response
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        signal: options.signal ?? null,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      })
    } catch (error) {
      if (options.signal?.aborted) throw error
      throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error))
    }
    let parsed: unknown = null
    try {
      parsed = await response.json()
    } catch {
      // An empty or non-JSON body: the status says enough.
    }
    if (response.ok) return parsed as T
    const failure = errorOf(response.status, parsed, response.headers.get('Retry-After'))
    this.#check(failure, options)
    throw failure
  }

  /**
   * Uploads a form with progress. XMLHttpRequest rather than fetch because only it reports
   * upload progress; `onProgress` gets a fraction 0…1, or null while the size is unknown.
   */
  async upload<T>(path: string, form: FormData, onProgress: (fraction: number | null) => void): Promise<T> {
    if (this.csrfToken === null) await this.refreshCsrf()
    return new Promise<T>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', path)
      xhr.responseType = 'json'
      xhr.setRequestHeader('Accept', 'application/json')
      if (this.csrfToken) xhr.setRequestHeader('X-CSRF-Token', this.csrfToken)
      xhr.upload.onprogress = (event) => onProgress(event.lengthComputable ? event.loaded / event.total : null)
      xhr.onload = () => {
        if (xhr.status >= 200 && xhr.status < 300) return resolve(xhr.response as T)
        const failure = errorOf(xhr.status, xhr.response, xhr.getResponseHeader('Retry-After'))
        this.#check(failure, {})
        reject(failure)
      }
      xhr.onerror = () => reject(new ApiError(0, 'network', ''))
      xhr.send(form)
    })
  }

  #check(failure: ApiError, options: RequestOptions): void {
    if (failure.status === 401 && failure.code === 'unauthenticated' && !options.expectUnauthenticated) {
      this.csrfToken = null
      this.#onUnauthenticated()
    }
  }
}
