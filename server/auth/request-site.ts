/**
 * Who is on the other end of a request, and whether it comes from our own site. One place decides
 * it for the sign-in route, the CSRF check and the socket upgrade, so that proxy trust and origin
 * comparison cannot drift apart.
 *
 * `X-Forwarded-For`, `-Proto` and `-Host` are written by whoever sends the request, so they are
 * believed only when the operator says how many proxies of theirs stand in front of the server
 * (`TRUST_PROXY` = that number of hops, 0 = none). With N hops, the client is the N-th address from
 * the right of `X-Forwarded-For` (each proxy appends the address it saw, the nearest is the socket),
 * and `-Proto`/`-Host` are read by the same rule: the N-th value from the right (the one our
 * outermost proxy wrote), or the first when proxies overwrote instead of appending.
 */
export interface RequestSite {
  /** The client's address: the socket's, or the one our trusted proxies saw. */
  clientAddress(socketAddress: string | undefined, header: HeaderReader): string
  /** Whether the client reached us over https (directly or at our proxy). */
  isHttps(url: string, header: HeaderReader): boolean
  /**
   * Whether the `Origin` the browser sent names this server: scheme, host and port all equal.
   * `null`, garbage and foreign origins are not ours.
   */
  isOwnOrigin(origin: string, url: string, header: HeaderReader): boolean
}

export type HeaderReader = (name: string) => string | null | undefined

export function requestSite(trustedHops: number): RequestSite {
  const forwarded = (header: HeaderReader, name: string): string | undefined => {
    if (trustedHops === 0) return undefined
    const values = (header(name) ?? '').split(',').map((part) => part.trim()).filter(Boolean)
    return values[Math.max(0, values.length - trustedHops)]
  }

  const isHttps = (url: string, header: HeaderReader): boolean => {
    const proto = forwarded(header, 'x-forwarded-proto')
    return proto ? proto.toLowerCase() === 'https' : new URL(url).protocol === 'https:'
  }

  return {
    clientAddress(socketAddress, header) {
      const direct = normaliseAddress(socketAddress ?? 'unknown')
      if (trustedHops === 0) return direct
      const hops = (header('x-forwarded-for') ?? '').split(',').map((part) => part.trim()).filter(Boolean)
      // Our proxies appended the last `trustedHops - 1` entries; the one before them is the client.
      const chain = [...hops, direct]
      return normaliseAddress(chain[Math.max(0, chain.length - 1 - trustedHops)]!)
    },
    isHttps,
    isOwnOrigin(origin, url, header) {
      const host = forwarded(header, 'x-forwarded-host') ?? header('host') ?? new URL(url).host
      try {
        // URL normalises case and default ports, so `https://a` and `https://A:443` are equal.
        const own = new URL(`${isHttps(url, header) ? 'https' : 'http'}://${host}`).origin
        return new URL(origin).origin === own
      } catch {
        // `null` (sandboxed frames, file pages) and garbage cannot be ours.
        return false
      }
    },
  }
}

/** An IPv4 client seen through an IPv6 socket (`::ffff:1.2.3.4`) is the same client as `1.2.3.4`. */
function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address
}
