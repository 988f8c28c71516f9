/**
 * Which repositories of a registry already hold which blobs, learnt during a push session, so the
 * next repository can mount a blob instead of uploading it again (shared configs and layers).
 */
export class MountHints {
  private readonly byHost = new Map<string, Map<string, Set<string>>>();

  /** `onRecord` lets a push journal keep the hints across an interruption. */
  constructor(private readonly onRecord?: (host: string, digest: string, repository: string) => void) {}

  record(host: string, digest: string, repository: string): void {
    let digests = this.byHost.get(host);
    if (!digests) this.byHost.set(host, (digests = new Map()));
    let repos = digests.get(digest);
    if (!repos) digests.set(digest, (repos = new Set()));
    if (repos.has(repository)) return;
    repos.add(repository);
    this.onRecord?.(host, digest, repository);
  }

  /**
   * A repository that will (or may already, from an interrupted run) hold the blob. Tried after
   * the known ones; a mount that finds nothing just opens a normal upload, so a guess costs nothing.
   */
  suggest(host: string, digest: string, repository: string): void {
    const key = `${host}@${digest}`;
    const list = this.suggested.get(key) ?? [];
    if (!list.includes(repository)) list.push(repository);
    this.suggested.set(key, list);
  }

  repositoriesWith(host: string, digest: string, except: string): string[] {
    const known = [...(this.byHost.get(host)?.get(digest) ?? [])];
    const guessed = this.suggested.get(`${host}@${digest}`) ?? [];
    return [...new Set([...known, ...guessed])].filter((r) => r !== except).slice(0, 3);
  }

  private readonly suggested = new Map<string, string[]>();
}
