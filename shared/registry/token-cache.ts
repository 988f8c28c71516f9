/** Bearer tokens per scope set, dropped shortly before they expire. */
export class TokenCache {
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  get(key: string, now = Date.now()): string | undefined {
    const t = this.tokens.get(key);
    if (!t) return undefined;
    if (t.expiresAt <= now) {
      this.tokens.delete(key);
      return undefined;
    }
    return t.token;
  }

  /** `expiresInSec` from the token response (default 60 s, the distribution spec's minimum). */
  set(key: string, token: string, expiresInSec: number | undefined, now = Date.now()): void {
    const ttl = Math.max(10, expiresInSec && expiresInSec > 0 ? expiresInSec : 60);
    this.tokens.set(key, { token, expiresAt: now + (ttl - 5) * 1000 });
  }

  delete(key: string): void {
    this.tokens.delete(key);
  }
}
