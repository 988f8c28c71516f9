import { notice, renderNotice, type Notice } from '../messages/catalog';

/**
 * `notice()` whose English text follows the code's variant (chosen by a parameter, such as a
 * count's `form` or a cause): `notice()` itself fills the entry's main text only.
 */
export function codedNotice(code: string, details: Readonly<Record<string, unknown>>): Notice {
  const n = notice(code, details);
  return { ...n, message: renderNotice(n, 'en').message };
}
