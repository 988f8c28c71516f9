import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { DeployFile } from '../deploy';
import { UsageError } from '../errors';

/**
 * Writes a deployment folder without ever losing a person's file. Each run leaves a record
 * (RECORD_NAME: every file it wrote, with its SHA-256); a later run may replace or remove only
 * files that record names, and only with consent — the paths confirmed one by one (the app's
 * dialog) or every recorded path (the CLI's --force). A file the record does not name is never
 * touched, whatever the consent; a recorded file changed by hand since is named as edited before
 * anyone confirms. No file is half-written under its final name: all go to temporary names
 * first and are renamed into place when every one is written.
 */
export const RECORD_NAME = '.higress-airgap-deploy.json';

const recordSchema = z.object({
  writtenBy: z.literal('higress-airgap'),
  files: z.array(z.object({ path: z.string().min(1).max(256), sha256: z.string().regex(/^[a-f0-9]{64}$/) }).strict()).max(256),
});

export interface FolderChange {
  readonly path: string;
  /** The file differs from what the earlier run wrote (edited by hand since). */
  readonly edited: boolean;
}

export interface FolderPlan {
  readonly create: readonly string[];
  readonly replace: readonly FolderChange[];
  /** Files the earlier run wrote that this one does not (e.g. a pull Secret no longer asked for). */
  readonly remove: readonly FolderChange[];
}

export interface FolderWriteResult extends FolderPlan {
  readonly dir: string;
  readonly written: readonly string[];
}

/** true: every recorded file may be replaced (CLI --force); a list: exactly the paths confirmed. */
export type ReplaceConsent = boolean | readonly string[];

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const onDisk = (out: string, path: string) => join(out, ...path.split('/'));

async function readRecord(out: string): Promise<Map<string, string> | undefined> {
  const text = await readFile(join(out, RECORD_NAME), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let parsed: z.infer<typeof recordSchema>;
  try {
    parsed = recordSchema.parse(JSON.parse(text));
  } catch {
    throw new UsageError(`${join(out, RECORD_NAME)} is not a record this tool wrote`, {
      code: 'DEPLOY_RECORD_INVALID',
      hint: 'Choose an empty or new folder.',
      details: { path: join(out, RECORD_NAME) },
    });
  }
  // Paths come from a file anyone could edit: keep only plain relative ones.
  return new Map(parsed.files.filter((f) => !f.path.split('/').some((s) => s === '' || s === '.' || s === '..')).map((f) => [f.path, f.sha256]));
}

async function fileHash(path: string): Promise<string | undefined | 'not-a-file'> {
  const info = await lstat(path).catch(() => undefined);
  if (!info) return undefined;
  if (!info.isFile()) return 'not-a-file';
  return sha256(await readFile(path));
}

/** What writing `files` into `out` would create, replace and remove; refuses what it must never touch. */
export async function planDeployFolder(out: string, files: ReadonlyArray<Pick<DeployFile, 'path'>>): Promise<FolderPlan> {
  const info = await lstat(out).catch(() => undefined);
  if (info && !info.isDirectory()) {
    throw new UsageError(`${out} exists and is not a folder`, { code: 'DEPLOY_OUT_NOT_FOLDER', hint: 'Give --out a folder path.', details: { path: out } });
  }
  const entries = info ? (await readdir(out)).filter((n) => n !== RECORD_NAME) : [];
  const record = info ? await readRecord(out) : undefined;
  if (!record && entries.length > 0) {
    throw new UsageError(`${out} is not empty, and no earlier run of this tool wrote it`, {
      code: 'DEPLOY_FOLDER_NOT_OURS',
      hint: 'Choose an empty or new folder: files this tool did not write are never replaced.',
      details: { path: out },
    });
  }
  const create: string[] = [];
  const replace: FolderChange[] = [];
  const foreign: string[] = [];
  for (const f of files) {
    const current = await fileHash(onDisk(out, f.path));
    const recorded = record?.get(f.path);
    if (current === undefined) create.push(f.path);
    else if (recorded === undefined || current === 'not-a-file') foreign.push(f.path);
    else replace.push({ path: f.path, edited: current !== recorded });
  }
  const remove: FolderChange[] = [];
  const writing = new Set(files.map((f) => f.path));
  for (const [path, recorded] of record ?? []) {
    if (writing.has(path)) continue;
    const current = await fileHash(onDisk(out, path));
    if (current === undefined) continue;
    if (current === 'not-a-file') foreign.push(path);
    else remove.push({ path, edited: current !== recorded });
  }
  if (foreign.length > 0) {
    throw new UsageError(`${out} holds ${foreign.length === 1 ? 'a file' : 'files'} this tool did not write: ${foreign.join(', ')}`, {
      code: 'DEPLOY_FILES_NOT_OURS',
      hint: 'Move them away, or choose an empty or new folder.',
      details: { path: out, files: foreign, list: foreign.join(', ') },
    });
  }
  return { create, replace, remove };
}

/**
 * Writes the files after checking the plan against the consent given: every replaced or removed
 * file must be consented to, else nothing is written and the error names each one (the app asks,
 * then calls again with the confirmed paths).
 */
/** A file to write: text, or bytes (a plugin.wasm, a chart package copied from the bundle); `mode` e.g. 0o755 for a script. */
export interface FolderFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  readonly mode?: number | undefined;
}

export async function writeDeployFolder(out: string, files: readonly FolderFile[], consent: ReplaceConsent): Promise<FolderWriteResult> {
  const plan = await planDeployFolder(out, files);
  const touched = [...plan.replace, ...plan.remove];
  const confirmed = consent === true ? undefined : new Set(consent === false ? [] : consent);
  const unconfirmed = confirmed ? touched.filter((c) => !confirmed.has(c.path)) : [];
  if (unconfirmed.length > 0) {
    const list = unconfirmed.map((c) => c.path).join(', ');
    throw new UsageError(`Writing to ${out} would replace or remove files of an earlier run: ${list}`, {
      code: 'DEPLOY_REPLACE_UNCONFIRMED',
      hint: 'Pass --force to replace the files of the earlier run (files it did not write are never touched).',
      details: { path: out, list, replace: plan.replace, remove: plan.remove, edited: touched.filter((c) => c.edited).map((c) => c.path) },
    });
  }
  await mkdir(out, { recursive: true });
  const temps: Array<[string, string]> = [];
  const record: Array<{ path: string; sha256: string }> = [];
  try {
    for (const f of files) {
      const target = onDisk(out, f.path);
      await mkdir(dirname(target), { recursive: true });
      const temp = `${target}.tmp-${process.pid}`;
      // Owner-only unless the generator asks otherwise: a filled pull Secret holds a password (and
      // the rest is cluster configuration). Scripts are executable.
      const mode = f.mode ?? (f.path.endsWith('.sh') ? 0o700 : 0o600);
      await writeFile(temp, f.content, { mode });
      await chmod(temp, mode);
      temps.push([temp, target]);
      record.push({ path: f.path, sha256: sha256(f.content) });
    }
    const recordTemp = join(out, `${RECORD_NAME}.tmp-${process.pid}`);
    await writeFile(recordTemp, `${JSON.stringify({ writtenBy: 'higress-airgap', files: record }, null, 2)}\n`, { mode: 0o600 });
    temps.push([recordTemp, join(out, RECORD_NAME)]);
  } catch (e) {
    await Promise.all(temps.map(([temp]) => rm(temp, { force: true })));
    throw e;
  }
  await Promise.all(plan.remove.map((c) => rm(onDisk(out, c.path), { force: true })));
  for (const [temp, target] of temps) await rename(temp, target);
  return { ...plan, dir: out, written: files.map((f) => f.path) };
}
