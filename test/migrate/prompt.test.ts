import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool, tempDir, type TempDir } from '../env/tools';
import { tinyWasm } from '../env/wasm';
import { occurrences } from './migrate-env';

/**
 * The passphrase asked on a real terminal (a pty from util-linux `script`): typed after each prompt
 * appears, never echoed, never in the bundle; the same prompt on `yaml` restores the configuration.
 */
let dir: TempDir;
const PASSPHRASE = 'typed on a terminal 2026';
const SECRET = 'sk-PTY-SECRET-9090';

/** Runs the CLI in a pty and answers each prompt (matched on the output) with its line. */
function inPty(args: readonly string[], answers: ReadonlyArray<{ prompt: string; line: string }>): Promise<{ code: number; output: string }> {
  const script = requireTool('/usr/bin/script', 'bsdutils');
  const command = [process.execPath, '--import', 'tsx', 'cli/main.ts', ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn(script, ['-qec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LANG: 'C', LC_ALL: '', HIGRESS_AIRGAP_CONFIG: join(dir.path, 'cfg'), SOURCE_DATE_EPOCH: '1767225600' } });
  let output = '';
  let next = 0;
  child.stdout.on('data', (c: Buffer) => {
    output += c.toString('utf8');
    const answer = answers[next];
    if (answer && output.split(answer.prompt).length - 1 > answers.slice(0, next).filter((a) => a.prompt === answer.prompt).length) {
      next++;
      child.stdin.write(`${answer.line}\r`);
    }
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, output })));
}

beforeAll(async () => {
  dir = await tempDir('migrate-pty');
  await writeFile(join(dir.path, 'filter.wasm'), tinyWasm('pty filter', 512));
  await Promise.all([mkdir(join(dir.path, 'out')), mkdir(join(dir.path, 'differ'))]);
  await writeFile(join(dir.path, 'inv.yaml'), `apiVersion: extensions.higress.io/v1alpha1\nkind: WasmPlugin\nmetadata: {name: pty-filter, namespace: higress-system}\nspec:\n  url: file://${join(dir.path, 'filter.wasm')}\n  defaultConfig: {apiKey: ${SECRET}}\n`);
});
afterAll(async () => {
  await dir?.remove();
});

describe('the passphrase on a terminal', () => {
  it('is asked twice by bundle and once by yaml, never echoed, and restores the configuration', async () => {
    const bundle = join(dir.path, 'out', 'b.tar');
    const b = await inPty(['bundle', '--out', bundle, '--no-plugin-server', '--from-wasmplugins', join(dir.path, 'inv.yaml'), '--with-config'], [
      { prompt: 'Passphrase for the plugin configuration: ', line: PASSPHRASE },
      { prompt: 'The same passphrase again: ', line: PASSPHRASE },
    ]);
    expect(b.code, b.output).toBe(0);
    expect(b.output).not.toContain(PASSPHRASE);
    expect(await occurrences(join(dir.path, 'out'), [SECRET, PASSPHRASE])).toEqual([]);
    const out = join(dir.path, 'deploy');
    const y = await inPty(['yaml', bundle, '--registry', 'harbor.example.com/higress', '--mode', 'oci', '--out', out], [{ prompt: 'Passphrase of the plugin configuration (empty: leave it out): ', line: PASSPHRASE }]);
    expect(y.code, y.output).toBe(0);
    expect(y.output).not.toContain(PASSPHRASE);
    const objects = parseAllDocuments(await readFile(join(out, 'manifests/20-wasm-plugins.yaml'), 'utf8')).map((d) => d.toJS());
    expect(objects.find((o: any) => o.metadata.name === 'pty-filter').spec.defaultConfig).toEqual({ apiKey: SECRET });
  }, 120_000);

  it('two different answers refuse the bundle and write nothing', async () => {
    const b = await inPty(['bundle', '--out', join(dir.path, 'differ', 'b.tar'), '--no-plugin-server', '--from-wasmplugins', join(dir.path, 'inv.yaml'), '--with-config'], [
      { prompt: 'Passphrase for the plugin configuration: ', line: PASSPHRASE },
      { prompt: 'The same passphrase again: ', line: `${PASSPHRASE}!` },
    ]);
    expect(b.code).toBe(2);
    expect(b.output).toContain('error: The two passphrases differ');
    await expect(readFile(join(dir.path, 'differ', 'b.tar'))).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
