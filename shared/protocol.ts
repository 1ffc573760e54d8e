/**
 * What crosses the sync socket, defined once for the server and the clients.
 *
 * Close codes follow the convention of y-websocket's provider: 4400–4499 are permanent (the
 * provider stops reconnecting and emits `closed`), 4500–4599 and the standard codes are
 * transient (it reconnects with backoff and resynchronises, losing nothing).
 */
export const CloseCode = {
  /** Normal closure. */
  normal: 1000,
  /** The server is shutting down or restarting; reconnect later. */
  goingAway: 1001,
  /** A message exceeded the size cap (ws closes with the RFC 6455 code itself). */
  messageTooBig: 1009,
  /** A frame that is not a valid y-websocket message (text frame, unknown type, undecodable update). */
  malformedMessage: 4400,
  /** No identity presented or it is invalid or expired. */
  unauthenticated: 4401,
  /** The identity may not open this document. */
  forbidden: 4403,
  /** No programme has this document name. */
  unknownDocument: 4404,
  /** A presence (awareness) state over 16 KiB set by this connection; permanent, so an abusive client stops. */
  awarenessTooLarge: 4413,
  /** Presence messages that set something (or ask for everyone's) beyond a burst of 300, then 60 a second; permanent. */
  awarenessTooFrequent: 4429,
  /** The stored document could not be loaded; nothing was written over it. Retry later. */
  loadFailed: 4500,
  /** An update could not be stored; it was not applied for anyone. The client resends it on reconnect. */
  storeFailed: 4501,
  /** The client did not read fast enough and its send buffer overflowed; it resynchronises on reconnect. */
  slowConsumer: 4508,
  /** The person's role on the document changed; reconnecting gives the connection its new access. */
  accessChanged: 4509,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** y-websocket message types (first varUint of every frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
} as const

/** Default cap on one incoming message. Larger messages close that connection with 1009. */
export const DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024

/** Default bound on bytes queued for one client before it is considered stalled and closed (4508). */
export const DEFAULT_MAX_BUFFERED_BYTES = 16 * 1024 * 1024

/** Path prefix of the sync endpoint: `new WebsocketProvider(origin + SYNC_PATH, docName, doc)`. */
export const SYNC_PATH = '/sync'

/**
 * Document names are programme ids: 1–64 characters, letters, digits, `.`, `_`, `-`, starting
 * with a letter or digit. The y-websocket provider appends the name to the URL unencoded, so the
 * rule keeps names URL-safe; clients should still `encodeURIComponent` them.
 */
export const DOC_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function isValidDocName(name: string): boolean {
  return DOC_NAME_PATTERN.test(name)
}
