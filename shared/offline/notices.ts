import { notice, type Notice } from '../messages/catalog';

/** A notice of the push area (kept as a name: notice() follows variants itself now). */
export function codedNotice(code: string, details: Readonly<Record<string, unknown>>): Notice {
  return notice(code, details);
}
