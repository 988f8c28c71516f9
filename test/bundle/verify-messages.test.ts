import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/messages/catalog';

/**
 * Every code a verify report, a bundle's cross-checks or the location of its volumes can carry
 * has its English and Chinese text: the codes are read from the sources that emit them (so a new
 * one cannot be added without its texts).
 */
const SOURCES = ['cross-check.ts', 'verify.ts', 'volume-set.ts', 'volume-list.ts', 'safe-tar.ts', 'bundle-layout.ts'];

async function emittedCodes(file: string): Promise<string[]> {
  const text = await readFile(new URL(`../../shared/bundle/${file}`, import.meta.url), 'utf8');
  const patterns = [/\bissues\.add\('([A-Z][A-Z0-9_]+)'/g, /\bnew AppError\('([A-Z][A-Z0-9_]+)'/g, /\bcode: '([A-Z][A-Z0-9_]+)'/g, /\bcoded\('([A-Z][A-Z0-9_]+)'/g, /\bnote\(path, '([A-Z][A-Z0-9_]+)'/g, /'(OWNER_[A-Z_]+)'/g];
  return [...new Set(patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[1] as string)))];
}

describe('verify messages', () => {
  it.each(SOURCES)('every code %s emits reads in English and Chinese', async (file) => {
    const codes = await emittedCodes(file);
    expect(codes.length).toBeGreaterThan(0);
    const missing = codes.filter((c) => !MESSAGES[c]);
    expect(missing).toEqual([]);
  });

  it('the unsafe-archive and truncation errors thrown while reading are listed too', () => {
    for (const code of ['UNSAFE_ARCHIVE', 'TAR_DAMAGED', 'TRUNCATED', 'BUNDLE_ENTRY_UNEXPECTED', 'HASH_READ_FAILED', 'HASH_WORKER_FAILED', 'HASH_WORKER_CLOSED', 'NOT_A_BUNDLE', 'VERIFY_TRUNCATED', 'VERIFY_DAMAGED', 'VERIFY_REPORT_OK', 'VERIFY_REPORT_BAD']) {
      expect(MESSAGES[code], code).toBeDefined();
    }
  });
});
