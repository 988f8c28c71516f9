/**
 * Which repositories of a registry already hold which blobs, learnt during a push session, so the
 * next repository can mount a blob instead of uploading it again (shared configs and layers).
 */
export class MountHints {
  private readonly byHost = new Map<string, Map<string, Set<string>>>();

  record(host: string, digest: string, repository: string): void {
    let digests = this.byHost.get(host);
    if (!digests) this.byHost.set(host, (digests = new Map()));
    let repos = digests.get(digest);
    if (!repos) digests.set(digest, (repos = new Set()));
    repos.add(repository);
  }

  repositoriesWith(host: string, digest: string, except: string): string[] {
    return [...(this.byHost.get(host)?.get(digest) ?? [])].filter((r) => r !== except).slice(0, 3);
  }
}
