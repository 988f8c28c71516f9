/** A token scope: `repository:<name>:<actions>` (the only kind we ask for). */
export interface Scope {
  readonly repository: string;
  readonly actions: readonly ('pull' | 'push')[];
}

export function pullScope(repository: string): Scope {
  return { repository, actions: ['pull'] };
}

export function pushScope(repository: string): Scope {
  return { repository, actions: ['pull', 'push'] };
}

export function scopeString(s: Scope): string {
  return `repository:${s.repository}:${[...new Set(s.actions)].sort().join(',')}`;
}

/** Cache key for a set of scopes (order-insensitive). */
export function scopesKey(scopes: readonly Scope[]): string {
  return scopes.map(scopeString).sort().join(' ');
}
