/** URLs as they may appear in errors and logs: no userinfo, no tokens or signatures in the query. */
const SECRET_QUERY_KEYS = /^(?:token|access_token|refresh_token|password|x-amz-signature|x-amz-credential|x-amz-security-token|signature|sig|_state|x-goog-signature|x-oss-signature)$/i;

export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '<invalid url>';
  }
  u.username = '';
  u.password = '';
  for (const key of [...u.searchParams.keys()]) {
    if (SECRET_QUERY_KEYS.test(key)) u.searchParams.set(key, 'REDACTED');
  }
  return u.toString();
}
