import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from '../../renderer/src/i18n/en';
import { zhCN } from '../../renderer/src/i18n/zh-CN';

// The two dictionaries are one contract: same keys, no empty values, the same {placeholders}, and
// every key the renderer names exists (and every key is named somewhere).
const enKeys = Object.keys(en) as MessageKey[];
const zhKeys = Object.keys(zhCN) as MessageKey[];
const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}
const sources = sourceFiles('renderer/src').map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));

describe('the English and Chinese dictionaries', () => {
  it('have the same keys, each with a non-empty value', () => {
    expect([...zhKeys].sort()).toEqual([...enKeys].sort());
    for (const k of enKeys) {
      expect(en[k].trim(), `en ${k}`).not.toBe('');
      expect(zhCN[k].trim(), `zh-CN ${k}`).not.toBe('');
    }
  });

  it('use the same placeholders for each key', () => {
    for (const k of enKeys) expect(params(zhCN[k]), k).toEqual(params(en[k]));
  });

  it('write Chinese with full-width punctuation next to Chinese text', () => {
    for (const k of zhKeys) {
      const bad = zhCN[k].match(/[\u4e00-\u9fff][,;:!?()]|[,;:!?()][\u4e00-\u9fff]/g);
      expect(bad, `zh-CN ${k}: ${zhCN[k]}`).toBeNull();
    }
  });

  it('contain every key the renderer passes to t()', () => {
    const used = new Set<string>();
    for (const { text } of sources) for (const m of text.matchAll(/\bt\(\s*'([^']+)'/g)) used.add(m[1] as string);
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('hold no key the renderer never names (directly or in a key map)', () => {
    const all = sources.map((s) => s.text).join('\n');
    const unused = enKeys.filter((k) => !all.includes(`'${k}'`));
    expect(unused).toEqual([]);
  });
});
