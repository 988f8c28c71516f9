import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * shared/deploy runs in the renderer for the live preview: it and everything it imports may only
 * use zod, yaml and kubernetes-models, never Node built-ins, Electron or Node-only engine folders
 * (of shared/release only the chart image helpers, which are pure data work).
 */
const ALLOWED_PACKAGES = [/^zod$/, /^yaml$/, /^kubernetes-models\/[\w/.-]+$/];

function importsOf(file: string): string[] {
  if (file.endsWith('.json')) return []; // data
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

describe('shared/deploy is pure', () => {
  it('imports only pure modules and allowed packages, all the way down', () => {
    // Sub-folders too (deployment targets): every file the renderer may reach. `*.node.ts` are the
    // Node-only variants the CLI build swaps in (scripts/build-cli.mjs); the renderer never reaches them.
    const start = readdirSync('shared/deploy', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.node.ts')).map((f) => join('shared/deploy', f));
    const seen = new Set<string>();
    const queue = [...start];
    const packages = new Set<string>();
    while (queue.length) {
      const file = queue.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) queue.push(spec.endsWith('.json') ? normalize(join(dirname(file), spec)) : `${normalize(join(dirname(file), spec))}.ts`);
        else packages.add(spec);
      }
    }
    expect(seen.size).toBeGreaterThan(start.length); // it does reach into shared/oci, shared/catalog, …
    for (const p of packages) expect(ALLOWED_PACKAGES.some((re) => re.test(p)), `shared/deploy reaches ${p}`).toBe(true);
    for (const f of seen) expect(f, `${f} is Node-only`).toMatch(/^shared\/(deploy|oci|catalog|model|messages)\/|^shared\/errors\.ts$|^shared\/release\/chart-images\.ts$/);
  });
});
