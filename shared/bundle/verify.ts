import { createHash } from 'node:crypto';
import { AppError, messageOf, throwIfAborted } from '../errors';
import type { BundleManifest } from '../model/bundle-manifest';
import { noProgress, type ProgressSink } from '../progress';
import { checkBundleEntry } from './bundle-layout';
import { crossCheckBundle, IssueList, MAX_BUNDLE_JSON, type BundleIssue } from './cross-check';
import { HashWorker } from './hash-worker';
import { bundleJsonTooLarge, OpenBundle, parseBundleJson } from './open-bundle';
import { readSafeTar } from './safe-tar';
import type { IndexedEntry } from './tar-index';
import { locateBundle, rangesOf, readVolumes, type BundleVolume } from './volume-set';

export type FileStatus = 'ok' | 'mismatch' | 'missing' | 'unexpected';

export interface FileCheck {
  readonly path: string;
  readonly status: FileStatus;
  readonly size?: number | undefined;
  readonly md5?: string | undefined;
  readonly sha256?: string | undefined;
  readonly detail?: string | undefined;
}

export interface VolumeCheck {
  readonly name: string;
  readonly size: number;
  readonly status: 'ok' | 'mismatch' | 'unchecked';
  readonly md5?: string | undefined;
  readonly sha256: string;
  readonly detail?: string | undefined;
  /**
   * For a mismatch: VOLUME_SWAPPED (it holds another volume's content, named in `holds`),
   * VOLUME_REPLACED (its content is no volume of this bundle: damaged or foreign),
   * SIDECAR_MISMATCH (its own .md5/.sha256 disagree with it), SIDECAR_FOREIGN (they describe another file).
   */
  readonly code?: string | undefined;
  readonly holds?: string | undefined;
}

export interface VerifyReport {
  readonly bundle: string;
  readonly ok: boolean;
  readonly volumes: readonly VolumeCheck[];
  readonly files: readonly FileCheck[];
  /** Problems that are not about one file's content (truncation, unsafe entries, inconsistencies), in words. */
  readonly problems: readonly string[];
  /** The same problems with their stable codes and parameters (always set by verifyBundle). */
  readonly issues?: readonly BundleIssue[] | undefined;
  readonly manifest?: BundleManifest | undefined;
  readonly summary: { readonly files: number; readonly ok: number; readonly bad: number; readonly bytes: number };
}

const SELF_LISTED = new Set(['bundle.json', 'MD5SUMS', 'SHA256SUMS']);
/** Entries from this size on have their MD5 computed on the worker, in pieces of WORKER_PIECE. */
const WORKER_MIN = 1024 * 1024;
const WORKER_PIECE = 8 * 1024 * 1024;
const BLOB = /^blobs\/sha256\/([a-f0-9]{64})$/;

/**
 * Verifies a bundle in one pass: every volume against the volume list and its sidecars, the whole
 * stream against the volume list, every file's MD5 and SHA-256 against bundle.json, every blob
 * against its digest. The archive goes through the same tar rules and layout check as every
 * open, and then through the same cross-checks (`crossCheckBundle`): bundle.json, index.json,
 * every reachable manifest, manifest.json, the Plugin Server tree and the SUMS files against each
 * other. Each finding names its file, entry or volume.
 */
export async function verifyBundle(input: string, options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {}): Promise<VerifyReport> {
  const loc = await locateBundle(input);
  const progress = options.onProgress ?? noProgress;
  const entries = new Map<string, IndexedEntry>();
  const hashes = new Map<string, { size: number; md5: string; sha256: string }>();
  const issues = new IssueList();
  const volumes: VolumeCheck[] = [];
  const damaged = new Set<string>();
  let bundleJson: Buffer | undefined;
  let bundleJsonRefused = false;
  // Two hashing threads for two cores: the entry MD5s (the slowest hash, ~2.4× the cost of
  // SHA-256 with SHA-NI) on a worker of their own; here the reading, the tar rules, the entry
  // SHA-256s and the volume SHA-256s, which together cost a little less. A third thread only
  // adds switching and a second copy of every byte.
  const md5Worker = new HashWorker(64 * 1024);
  const md5Pending: Array<Promise<void>> = [];
  let wholeSha: string | undefined;
  let complete = false;
  let entryCount = 0;
  let bytes = 0;
  let lastEmit = 0;

  const stream = readVolumes(loc, {
    onVolume: (v, d) => volumes.push(checkVolume(v, d, loc.volumes)),
    onWhole: (sha) => (wholeSha = sha),
  });
  const counted = (async function* () {
    for await (const c of stream) {
      throwIfAborted(options.signal);
      bytes += c.length;
      const now = Date.now();
      if (now - lastEmit > 100) {
        lastEmit = now;
        progress({ phase: 'verify', bytesDone: bytes, bytesTotal: loc.totalSize });
      }
      yield c;
    }
  })();
  try {
    for await (const entry of readSafeTar(counted)) {
      checkBundleEntry(entry);
      entries.set(entry.name, { name: entry.name, type: entry.type, size: entry.size, offset: entry.offset });
      if (entry.type !== 'file') continue;
      let keep = entry.name === 'bundle.json';
      if (keep && entry.size > MAX_BUNDLE_JSON) {
        const e = bundleJsonTooLarge(loc.name, entry.size);
        issues.add(e.code, e.message, { ...e.details });
        bundleJsonRefused = true;
        keep = false;
      }
      // Small entries are hashed here; the MD5 of a large one runs on the worker, which reads
      // each piece of it from the volumes right after this thread has (page cache), so no byte
      // is copied between threads.
      const sha = createHash('sha256');
      const md5 = entry.size < WORKER_MIN ? createHash('md5') : undefined;
      const md5Id = `md5:e${entryCount++}`;
      const parts: Buffer[] = [];
      let size = 0;
      let queued = 0;
      for await (const c of entry.body) {
        sha.update(c);
        md5?.update(c);
        size += c.length;
        if (keep) parts.push(c);
        if (!md5 && size - queued >= WORKER_PIECE) {
          await md5Worker.hashFileRanges(md5Id, rangesOf(loc, entry.offset + queued, size - queued), false);
          queued = size;
        }
      }
      const pending = md5 ? undefined : (await md5Worker.hashFileRanges(md5Id, rangesOf(loc, entry.offset + queued, size - queued), true)).digest;
      const sha256 = sha.digest('hex');
      const d = { size, sha256, md5: md5 ? md5.digest('hex') : '' };
      if (pending) {
        const settled = pending.then((hex) => void (d.md5 = hex));
        // Awaited below; left unawaited only when an earlier problem ended the pass.
        settled.catch(() => undefined);
        md5Pending.push(settled);
      }
      hashes.set(entry.name, d);
      if (keep) bundleJson = Buffer.concat(parts);
      const m = BLOB.exec(entry.name);
      if (m && m[1] !== d.sha256) {
        damaged.add(`sha256:${m[1]}`);
        issues.add('BLOB_DIGEST_MISMATCH', `${entry.name}: content does not match its digest (sha256:${d.sha256})`, { path: entry.name, actual: `sha256:${d.sha256}` });
      }
    }
    await Promise.all(md5Pending);
    complete = true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CANCELLED') throw e;
    issues.add(e instanceof AppError ? e.code : 'READ_FAILED', messageOf(e), e instanceof AppError ? { ...e.details } : {});
  } finally {
    await md5Worker.close();
  }
  progress({ phase: 'verify', bytesDone: bytes, bytesTotal: loc.totalSize });
  if (wholeSha && loc.list && loc.list.sha256 !== wholeSha) {
    issues.add('VOLUMES_MISMATCH', 'The volumes together do not match the volume list (order or content differs)', { sha256: wholeSha, expected: loc.list.sha256 });
  }
  for (const v of loc.volumes) if (!volumes.some((c) => c.name === v.name)) volumes.push({ name: v.name, size: v.size, status: 'unchecked', sha256: '', detail: 'not read (an earlier problem stopped the pass)' });

  // Without a whole pass there is no bundle.json to compare with: the problems say why, and no
  // file is called "unexpected" for it.
  let manifest: BundleManifest | undefined;
  if (complete) {
    if (!bundleJson && !bundleJsonRefused) issues.add('BAD_BUNDLE', 'bundle.json is missing: this is not a complete Higress Airgap bundle', { file: 'bundle.json' });
    else if (bundleJson) {
      try {
        manifest = parseBundleJson(bundleJson, loc.name);
      } catch (e) {
        issues.add(e instanceof AppError ? e.code : 'BAD_BUNDLE', messageOf(e), e instanceof AppError ? { ...e.details } : {});
      }
    }
  }
  const checks = manifest ? compareFiles(manifest, hashes) : [];
  if (manifest && bundleJson) {
    const open = OpenBundle.over(loc, entries, manifest, bundleJson);
    try {
      issues.addAll(await crossCheckBundle(open, { fileList: false, skipDigests: damaged }));
    } catch (e) {
      issues.add(e instanceof AppError ? e.code : 'READ_FAILED', messageOf(e), e instanceof AppError ? { ...e.details } : {});
    } finally {
      await open.close();
    }
  }
  const bad = checks.filter((c) => c.status !== 'ok').length;
  const found = issues.list();
  const ok = found.length === 0 && bad === 0 && !volumes.some((v) => v.status === 'mismatch');
  return {
    bundle: loc.name,
    ok,
    volumes,
    files: checks,
    problems: found.map((i) => i.message),
    issues: found,
    manifest,
    summary: { files: checks.length, ok: checks.length - bad, bad, bytes },
  };
}

/**
 * A volume against its own entry in the volume list and its own sidecars. When it does not match,
 * the others' expectations say whether it is another volume of the set (swapped or renamed) or
 * content that belongs to none of them (damaged or replaced).
 */
function checkVolume(v: BundleVolume, d: { size: number; md5?: string | undefined; sha256: string }, all: readonly BundleVolume[]): VolumeCheck {
  const base = { name: v.name, size: d.size, sha256: d.sha256, ...(d.md5 ? { md5: d.md5 } : {}) };
  const expected = [v.listed && { from: 'the volume list', listed: true, ...v.listed }, v.sidecar && { from: 'its sidecar files', listed: false, ...v.sidecar }].filter(Boolean) as Array<{ from: string; listed: boolean; md5?: string; sha256?: string }>;
  for (const e of expected) {
    // SHA-256 when the expectation has it; MD5 only for a volume that came with an MD5 alone.
    const bad = e.sha256 ? e.sha256 !== d.sha256 : e.md5 !== undefined && d.md5 !== undefined && e.md5 !== d.md5;
    if (!bad) continue;
    const other = all.find((o) => o !== v && (o.listed?.sha256 ?? o.sidecar?.sha256) === d.sha256);
    if (other) {
      return { ...base, status: 'mismatch', code: 'VOLUME_SWAPPED', holds: other.name, detail: `holds what ${other.listed ? 'the volume list says' : 'the sidecar files say'} is ${other.name} (volumes swapped or renamed)` };
    }
    if (e.listed || !v.listed) {
      return { ...base, status: 'mismatch', code: 'VOLUME_REPLACED', detail: `does not match ${e.from}, nor any other volume of this bundle (damaged, or replaced by another file)` };
    }
    return { ...base, status: 'mismatch', code: 'SIDECAR_MISMATCH', detail: 'matches the volume list but not its sidecar files (the sidecar is damaged or belongs to another file)' };
  }
  if (v.sidecar?.describes?.length) {
    return { ...base, status: 'mismatch', code: 'SIDECAR_FOREIGN', detail: `its sidecar files describe ${v.sidecar.describes.join(', ')}, not ${v.name}` };
  }
  return { ...base, status: expected.length ? 'ok' : 'unchecked', ...(expected.length ? {} : { detail: 'no sidecar to compare with' }) };
}

function compareFiles(manifest: BundleManifest, files: Map<string, { size: number; md5: string; sha256: string }>): FileCheck[] {
  const checks: FileCheck[] = [];
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const got = files.get(f.path);
    if (!got) checks.push({ path: f.path, status: 'missing', size: f.size, md5: f.md5, sha256: f.sha256 });
    else if (got.size !== f.size || got.md5 !== f.md5 || got.sha256 !== f.sha256) {
      const what = got.size !== f.size ? `size ${got.size}, expected ${f.size}` : got.sha256 !== f.sha256 ? `SHA-256 ${got.sha256}, expected ${f.sha256}` : `MD5 ${got.md5}, expected ${f.md5}`;
      checks.push({ path: f.path, status: 'mismatch', ...got, detail: what });
    } else checks.push({ path: f.path, status: 'ok', ...got });
  }
  for (const [path, d] of files) {
    if (!listed.has(path) && !SELF_LISTED.has(path)) checks.push({ path, status: 'unexpected', ...d, detail: 'not listed in bundle.json' });
  }
  return checks;
}

/** Every problem of a failed report, one line each: volumes, then files, then the rest. */
export function verifyProblems(report: VerifyReport): string[] {
  return [
    ...report.volumes.filter((v) => v.status === 'mismatch').map((v) => `volume ${v.name}: ${v.detail ?? 'mismatch'}`),
    ...report.files.filter((f) => f.status !== 'ok').map((f) => `${f.status}: ${f.path}${f.detail ? ` (${f.detail})` : ''}`),
    ...report.problems,
  ];
}

/**
 * The one refusal every command that acts on a bundle gives when verification fails: what was not
 * done, the first problems named, all of them in details.
 */
export function verifyFailed(report: VerifyReport, action: 'push' | 'load'): AppError {
  const problems = verifyProblems(report);
  const notDone = action === 'push' ? 'nothing was pushed' : 'nothing was loaded';
  return new AppError('VERIFY_FAILED', `${report.bundle} failed verification; ${notDone} (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''})`, {
    hint: 'Verify it for the full report, then copy the damaged files or volumes again from the source.',
    details: { bundle: report.bundle, action, problems, issues: report.issues ?? [] },
  });
}
