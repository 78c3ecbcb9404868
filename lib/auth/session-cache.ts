/**
 * Verified session tokens, so a signed-in browser's requests decrypt its JWT once rather than on
 * every request (next-auth's `auth()` decrypts it, runs the callbacks and re-encrypts a rolled
 * token that a server component cannot even set: a few milliseconds of CPU per page).
 *
 * Keyed by the exact cookie value(s): the token is authenticated encryption, so the same bytes
 * always decrypt to the same claims. An entry lives until the token's own expiry, and at most
 * TTL_MS, so a token signed with a secret that was since rotated out stops working within that
 * time. Revocation does not depend on this cache: the caller still compares the token's session
 * version with the database on every request.
 */
export interface VerifiedSession {
  userId: string;
  sessionVersion: number;
}

const SESSION_COOKIE = /^(__Secure-)?authjs\.session-token(\.\d+)?$/;

/** The session cookie(s) of a request as one key (chunked tokens are several cookies), or null when there are none. */
export function sessionTokenKey(cookies: readonly { name: string; value: string }[]): string | null {
  const parts = cookies.filter((c) => SESSION_COOKIE.test(c.name) && c.value !== "");
  if (parts.length === 0) return null;
  return parts
    .map((c) => `${c.name}=${c.value}`)
    .sort()
    .join(";");
}

export class VerifiedSessionCache {
  private readonly entries = new Map<string, { session: VerifiedSession; until: number }>();
  constructor(
    private readonly maxEntries = 10_000,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(key: string, now: number): VerifiedSession | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.session;
  }

  /** `expiresAt`: the token's own expiry (ms since the epoch); nothing is kept when it is unknown or past. */
  set(key: string, session: VerifiedSession, expiresAt: number | undefined, now: number): void {
    if (expiresAt === undefined || !Number.isFinite(expiresAt) || expiresAt <= now) return;
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    this.entries.set(key, { session, until: Math.min(expiresAt, now + this.ttlMs) });
  }

  get size(): number {
    return this.entries.size;
  }
}
