/** What we can authenticate with. Secrets live only in these objects, never in logs or errors. */
export type Credentials =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  /** docker's `identitytoken`: an OAuth2 refresh token exchanged at the token realm. */
  | { readonly kind: 'identity-token'; readonly username?: string | undefined; readonly token: string };

/** Where credentials came from, for messages ("from docker config.json") without the secret. */
export interface ResolvedCredentials {
  readonly credentials: Credentials;
  readonly source: string;
}

export function basicHeader(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
