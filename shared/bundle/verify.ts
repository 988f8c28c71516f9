import { createHash } from 'node:crypto';
import { AppError, messageOf, throwIfAborted } from '../errors';
import { formatBytes } from '../format';
import { renderError, type Notice } from '../messages/catalog';
import { carriesMd5, type BundleManifest } from '../model/bundle-manifest';
import { parseManifestBytes } from '../oci/schemas';
import { noProgress, type ProgressSink } from '../progress';
import { blobPath } from './archive-documents';
import { checkBundleEntry, DOCUMENTS } from './bundle-layout';
import { crossCheckBundle, IssueList, MAX_BUNDLE_JSON, MAX_MANIFEST, type BundleIssue } from './cross-check';
import { FileHashPool, hashOfReads, unlessAborted } from './file-hash-pool';
import { bundleJsonTooLarge, foreignKind, OpenBundle, parseBundleJson } from './open-bundle';
import { readSafeTar } from './safe-tar';
import type { IndexedEntry } from './tar-index';
import { locateBundle, rangesOf, readVolumes, type BundleLocation, type BundleVolume } from './volume-set';

export type FileStatus = 'ok' | 'mismatch' | 'missing' | 'unexpected';

export interface FileCheck {
  readonly path: string;
  readonly status: FileStatus;
  readonly size?: number | undefined;
  readonly md5?: string | undefined;
  readonly sha256?: string | undefined;
  readonly detail?: string | undefined;
  /** For a file that is not ok: the finding's code and parameters (FILE_CONTENT_MISMATCH, FILE_SIZE_MISMATCH, FILE_MISSING, FILE_UNLISTED). */
  readonly code?: string | undefined;
  readonly details?: Readonly<Record<string, unknown>> | undefined;
  /** What the file belongs to ("plugin ai-proxy 2.0.1, plugin.wasm"; "image …, layer 2 of 3"), as a coded phrase. */
  readonly owner?: Notice | undefined;
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
  /** The parameters of `code` (or of VOLUME_UNCHECKED / VOLUME_NO_SIDECAR for an unchecked volume). */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * One problem of a report, coded (`code`, `details`; `message` is the English text): volumes
 * first, then files, then the rest. The count a report gives is the length of this list.
 */
export interface VerifyFinding extends Notice {
  readonly subject: 'volume' | 'file' | 'bundle';
  /** What a damaged file belongs to. */
  readonly owner?: Notice | undefined;
}

/** The report in one sentence with the next step: OK, not a bundle, cut short, or damaged. */
export interface VerifyVerdict extends Notice {
  readonly hint?: string | undefined;
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
  /** Every problem, once, coded: what the summary counts and the report lists (always set by verifyBundle). */
  readonly findings?: readonly VerifyFinding[] | undefined;
  /** The report in one sentence (always set by verifyBundle). */
  readonly verdict?: VerifyVerdict | undefined;
  /** `problems`: the number of findings (always set by verifyBundle). */
  readonly summary: { readonly files: number; readonly ok: number; readonly bad: number; readonly bytes: number; readonly problems?: number | undefined };
}

const SELF_LISTED = new Set(['bundle.json', 'MD5SUMS', 'SHA256SUMS']);
/** Entries from this size on have their MD5 computed on a worker of the pool. */
const WORKER_MIN = 1024 * 1024;
const BLOB = /^blobs\/sha256\/([a-f0-9]{64})$/;

/**
 * Verifies a bundle in one pass: every volume against the volume list and its sidecars, the whole
 * stream against the volume list, every file's SHA-256 (and MD5, but a blob's) against bundle.json, every blob
 * against its digest. The archive goes through the same tar rules and layout check as every
 * open, and then through the same cross-checks (`crossCheckBundle`): bundle.json, index.json,
 * every reachable manifest, manifest.json, the Plugin Server tree and the SUMS files against each
 * other. Each finding names its file, entry or volume.
 */
export async function verifyBundle(input: string, options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {}): Promise<VerifyReport> {
  const loc = await locateBundle(input);
  const progress = options.onProgress ?? noProgress;
  const entries = new Map<string, IndexedEntry>();
  const hashes = new Map<string, EntryHashes>();
  const issues = new IssueList();
  const volumes: VolumeCheck[] = [];
  const damaged = new Set<string>();
  let bundleJson: Buffer | undefined;
  let bundleJsonRefused = false;
  let ownerOfIssue: (path: string) => Notice | undefined = () => undefined;
  // The archive's (and each volume's) hashes and the MD5s of large files on a pool of workers,
  // one hash per worker at a time, each reading its bytes from the files itself right behind this
  // thread; here the reading, the tar rules and the entry SHA-256s (every blob's digest check).
  // No byte is copied between threads.
  const pool = new FileHashPool();
  const md5Pending: Array<Promise<void>> = [];
  let wholeSha: string | undefined;
  let complete = false;
  let current: string | undefined;
  let cutShort: string | undefined;
  let failure: { code: string; entry?: string | undefined } | undefined;
  let bytes = 0;
  let lastEmit = 0;

  const stream = readVolumes(loc, {
    pool,
    onVolume: (v, d) => volumes.push(checkVolume(v, d, loc.volumes, loc.kind)),
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
        issues.add(e.code, e.message, { ...e.details, reason: 'too large' });
        bundleJsonRefused = true;
        keep = false;
      }
      // Small entries are hashed here; the MD5 of a large one runs on a worker of the pool, which
      // reads each piece of it from the volumes right after this thread has (page cache), so no
      // byte is copied between threads.
      // A blob is checked by its SHA-256 (its name and bundle.json's): no MD5, even where a format 1
      // bundle lists one, as for the archive when its SHA-256 sidecar is there.
      const sha = createHash('sha256');
      const md5 = carriesMd5(entry.name) ? hashOfReads('md5', entry.size < WORKER_MIN ? undefined : pool) : undefined;
      current = entry.name;
      const parts: Buffer[] = [];
      let size = 0;
      for await (const c of entry.body) {
        sha.update(c);
        await md5?.add(rangesOf(loc, entry.offset + size, c.length), c);
        size += c.length;
        if (keep) parts.push(c);
      }
      const d: EntryHashes = { size, sha256: sha.digest('hex') };
      // Not awaited here: a pooled MD5 may still be running while the next entries are read.
      const pending = md5?.digest();
      if (pending) {
        const settled = pending.then((hex) => void (d.md5 = hex));
        // Awaited below; left unawaited only when an earlier problem ended the pass.
        settled.catch(() => undefined);
        md5Pending.push(settled);
      }
      hashes.set(entry.name, d);
      if (keep) bundleJson = Buffer.concat(parts);
      current = undefined;
      if (size < entry.size) cutShort = entry.name;
      const m = BLOB.exec(entry.name);
      // A blob cut short is reported as the truncation it is, not as a second problem.
      if (m && size === entry.size && m[1] !== d.sha256) {
        damaged.add(`sha256:${m[1]}`);
        issues.add('BLOB_DIGEST_MISMATCH', `${entry.name}: content does not match its digest (sha256:${d.sha256})`, { path: entry.name, actual: `sha256:${d.sha256}` });
      }
    }
    // The pool finishes the last files' MD5s; a cancel does not wait for them.
    await unlessAborted(Promise.all(md5Pending), options.signal);
    complete = true;
  } catch (e) {
    if (e instanceof AppError && e.code === 'CANCELLED') throw e;
    const code = e instanceof AppError ? e.code : 'READ_FAILED';
    failure = { code, entry: current ?? cutShort };
    issues.add(code, messageOf(e), { ...passDetails(e, loc.name) });
  } finally {
    await pool.close();
  }
  progress({ phase: 'verify', bytesDone: bytes, bytesTotal: loc.totalSize });
  if (wholeSha && loc.list && loc.list.sha256 !== wholeSha) {
    issues.add('VOLUMES_MISMATCH', 'The volumes together do not match the volume list (order or content differs)', { sha256: wholeSha, expected: loc.list.sha256 });
  }
  for (const v of loc.volumes) if (!volumes.some((c) => c.name === v.name)) volumes.push({ name: v.name, size: v.size, status: 'unchecked', sha256: '', detail: 'not read (an earlier problem stopped the pass)', code: 'VOLUME_UNCHECKED', details: { volume: v.name } });

  // Without a whole pass there is no bundle.json to compare with: the problems say why, and no
  // file is called "unexpected" for it.
  let manifest: BundleManifest | undefined;
  if (complete) {
    if (!bundleJson && !bundleJsonRefused) issues.add('BAD_BUNDLE', 'bundle.json is missing: this is not a complete Higress Airgap bundle', { bundle: loc.name, file: 'bundle.json', reason: 'missing' });
    else if (bundleJson) {
      try {
        manifest = parseBundleJson(bundleJson, loc.name);
      } catch (e) {
        issues.add(e instanceof AppError ? e.code : 'BAD_BUNDLE', messageOf(e), { bundle: loc.name, ...(e instanceof AppError ? e.details : {}) });
      }
    }
  }
  let checks = manifest ? compareFiles(manifest, hashes) : [];
  if (manifest && bundleJson) {
    const open = OpenBundle.over(loc, entries, manifest, bundleJson);
    try {
      issues.addAll(await crossCheckBundle(open, { fileList: false, skipDigests: damaged }));
      // What each damaged file belongs to, from bundle.json and the manifests (read only for them).
      const wanted = new Set([...checks.filter((c) => c.status !== 'ok').map((c) => c.path), ...issues.list().flatMap((i) => (typeof i.details.path === 'string' ? [i.details.path] : []))]);
      const owners = await ownersOf(manifest, wanted, damaged, (name) => open.readSmall(name, MAX_MANIFEST));
      checks = checks.map((c) => (owners.has(c.path) ? { ...c, owner: owners.get(c.path) } : c));
      ownerOfIssue = (path) => owners.get(path);
    } catch (e) {
      issues.add(e instanceof AppError ? e.code : 'READ_FAILED', messageOf(e), { bundle: loc.name, ...(e instanceof AppError ? e.details : {}) });
    } finally {
      await open.close();
    }
  }
  const bad = checks.filter((c) => c.status !== 'ok').length;
  const found = issues.list();
  const ok = found.length === 0 && bad === 0 && !volumes.some((v) => v.status === 'mismatch');
  const findings = findingsOf(volumes, checks, found, ownerOfIssue);
  const verdict = ok
    ? coded('VERIFY_REPORT_OK', { bundle: loc.name, files: checks.length, size: formatBytes(bytes) })
    : await verdictOf(loc, { complete, failure, entries, hasBundleJson: Boolean(bundleJson) || bundleJsonRefused, findings });
  return {
    bundle: loc.name,
    ok,
    volumes,
    files: checks,
    problems: found.map((i) => i.message),
    issues: found,
    manifest,
    findings,
    verdict,
    summary: { files: checks.length, ok: checks.length - bad, bad, bytes, problems: findings.length },
  };
}

/** A coded notice whose English text (variants included) and hint come from the catalog. */
function coded(code: string, details: Record<string, unknown>): VerifyVerdict {
  const r = renderError({ code, message: code, details }, 'en', 'cli');
  return { code, message: r.message, hint: r.hint, details };
}

/** The parameters of an error that stopped the pass: the bundle's name, and the byte it names. */
function passDetails(e: unknown, bundle: string): Record<string, unknown> {
  const details: Record<string, unknown> = { bundle, ...(e instanceof AppError ? e.details : {}) };
  if (details.reason === undefined && !(e instanceof AppError)) details.reason = messageOf(e);
  return details;
}

/** Every problem once: volumes, files, then the rest (a blob's digest mismatch is its file's problem). */
function findingsOf(volumes: readonly VolumeCheck[], files: readonly FileCheck[], issues: readonly BundleIssue[], ownerOf: (path: string) => Notice | undefined): VerifyFinding[] {
  const badFiles = new Set(files.filter((f) => f.status !== 'ok').map((f) => f.path));
  return [
    ...volumes.filter((v) => v.status === 'mismatch').map((v): VerifyFinding => ({ subject: 'volume', code: v.code ?? 'VOLUME_REPLACED', message: `volume ${v.name}: ${v.detail ?? 'mismatch'}`, details: v.details ?? { volume: v.name } })),
    ...files
      .filter((f) => f.status !== 'ok')
      .map((f): VerifyFinding => {
        const code = f.code ?? 'FILE_CONTENT_MISMATCH';
        const details = f.details ?? { path: f.path };
        return { subject: 'file', code, message: coded(code, details).message, details, ...(f.owner ? { owner: f.owner } : {}) };
      }),
    ...issues
      .filter((i) => !(i.code === 'BLOB_DIGEST_MISMATCH' && badFiles.has(String(i.details.path))))
      .map((i): VerifyFinding => {
        const owner = typeof i.details.path === 'string' ? ownerOf(i.details.path) : undefined;
        return { subject: 'bundle', code: i.code, message: i.message, details: i.details, ...(owner ? { owner } : {}) };
      }),
  ];
}

/**
 * What a failed report comes to, in one sentence: not a bundle at all (empty, a ZIP or gzip file,
 * something that is not tar, a tar of other files), a bundle cut short, or a damaged bundle.
 */
async function verdictOf(
  loc: BundleLocation,
  pass: { complete: boolean; failure: { code: string; entry?: string | undefined } | undefined; entries: ReadonlyMap<string, IndexedEntry>; hasBundleJson: boolean; findings: readonly VerifyFinding[] },
): Promise<VerifyVerdict> {
  const bundle = loc.name;
  const notBundle = (kind: string, more: Record<string, unknown> = {}) => coded('NOT_A_BUNDLE', { bundle, kind, ...more });
  const foreign = await foreignKind(loc);
  if (foreign) return notBundle(foreign.kind, foreign.entry !== undefined ? { entry: foreign.entry } : {});
  if (pass.complete && !pass.hasBundleJson) return notBundle('tar-without-bundle-json');
  if (pass.failure?.code === 'TRUNCATED') {
    return coded('VERIFY_TRUNCATED', { bundle, size: loc.totalSize, ...(pass.failure.entry ? { entry: pass.failure.entry, where: 'entry' } : { where: 'end' }), count: pass.findings.length });
  }
  return coded('VERIFY_DAMAGED', { bundle, count: pass.findings.length, layout: loc.kind });
}

const PLUGIN_TREE = /^plugins\/([^/]+)\/([^/]+)\/(plugin\.wasm|metadata\.txt)$/;

/**
 * What each wanted path belongs to: a plugin's file or manifest, config or layer; an image's
 * index, manifest, config or layer (numbered as in its manifest); or the bundle's own documents.
 * Manifests are read only when a wanted path is a blob, and a damaged one is not followed.
 */
async function ownersOf(manifest: BundleManifest, wanted: ReadonlySet<string>, damaged: ReadonlySet<string>, read: (name: string) => Promise<Buffer>): Promise<Map<string, Notice>> {
  const owners = new Map<string, Notice>();
  const note = (path: string, code: string, details: Record<string, unknown>) => {
    if (wanted.has(path) && !owners.has(path)) owners.set(path, coded(code, details));
  };
  for (const path of wanted) {
    if ((DOCUMENTS as readonly string[]).includes(path)) note(path, 'OWNER_BUNDLE_FILE', { file: path });
    const tree = PLUGIN_TREE.exec(path);
    if (tree) note(path, 'OWNER_PLUGIN_FILE', { plugin: tree[1], version: tree[2], file: tree[3] });
  }
  if (![...wanted].some((p) => BLOB.test(p))) return owners;
  // What an image manifest points to, numbered as the manifest lists its layers (a repeated layer
  // keeps each of its places, which successors() would fold into one).
  const layersOf = async (digest: string): Promise<{ config?: string | undefined; layers: string[] } | undefined> => {
    if (damaged.has(digest)) return undefined;
    try {
      const m = parseManifestBytes(await read(blobPath(digest)), digest);
      if (m.kind !== 'manifest') return undefined;
      return { config: m.manifest.config.digest, layers: m.manifest.layers.map((l) => l.digest) };
    } catch {
      return undefined;
    }
  };
  const parts = async (digest: string, code: string, who: Record<string, unknown>) => {
    note(blobPath(digest), code, { ...who, part: 'manifest' });
    const m = await layersOf(digest);
    if (!m) return;
    if (m.config) note(blobPath(m.config), code, { ...who, part: 'config' });
    for (const [i, l] of m.layers.entries()) note(blobPath(l), code, { ...who, part: 'layer', layer: i + 1, layers: m.layers.length });
  };
  for (const img of manifest.images) {
    const multi = img.manifests.length > 1;
    if (!img.manifests.some((m) => m.digest === img.digest)) note(blobPath(img.digest), 'OWNER_IMAGE_PART', { image: img.source, part: 'index' });
    for (const m of img.manifests) await parts(m.digest, 'OWNER_IMAGE_PART', { image: multi ? `${img.source} (${m.platform})` : img.source });
  }
  for (const p of manifest.plugins) await parts(p.digest, 'OWNER_PLUGIN_PART', { plugin: p.name, version: p.version });
  return owners;
}

/**
 * A volume against its own entry in the volume list and its own sidecars. When it does not match,
 * the others' expectations say whether it is another volume of the set (swapped or renamed) or
 * content that belongs to none of them (damaged or replaced).
 */
function checkVolume(v: BundleVolume, d: { size: number; md5?: string | undefined; sha256: string }, all: readonly BundleVolume[], layout: 'single' | 'split'): VolumeCheck {
  const base = { name: v.name, size: d.size, sha256: d.sha256, ...(d.md5 ? { md5: d.md5 } : {}) };
  const expected = [v.listed && { from: 'the volume list', listed: true, ...v.listed }, v.sidecar && { from: 'its sidecar files', listed: false, ...v.sidecar }].filter(Boolean) as Array<{ from: string; listed: boolean; md5?: string; sha256?: string }>;
  for (const e of expected) {
    // SHA-256 when the expectation has it; MD5 only for a volume that came with an MD5 alone.
    const bad = e.sha256 ? e.sha256 !== d.sha256 : e.md5 !== undefined && d.md5 !== undefined && e.md5 !== d.md5;
    if (!bad) continue;
    const other = all.find((o) => o !== v && (o.listed?.sha256 ?? o.sidecar?.sha256) === d.sha256);
    if (other) {
      return { ...base, status: 'mismatch', code: 'VOLUME_SWAPPED', holds: other.name, details: { volume: v.name, holds: other.name }, detail: `holds what ${other.listed ? 'the volume list says' : 'the sidecar files say'} is ${other.name} (volumes swapped or renamed)` };
    }
    if (e.listed || !v.listed) {
      return { ...base, status: 'mismatch', code: 'VOLUME_REPLACED', details: { volume: v.name, layout }, detail: `does not match ${e.from}, nor any other volume of this bundle (damaged, or replaced by another file)` };
    }
    return { ...base, status: 'mismatch', code: 'SIDECAR_MISMATCH', details: { volume: v.name }, detail: 'matches the volume list but not its sidecar files (the sidecar is damaged or belongs to another file)' };
  }
  if (v.sidecar?.describes?.length) {
    return { ...base, status: 'mismatch', code: 'SIDECAR_FOREIGN', details: { volume: v.name, describes: v.sidecar.describes.join(', ') }, detail: `its sidecar files describe ${v.sidecar.describes.join(', ')}, not ${v.name}` };
  }
  return { ...base, status: expected.length ? 'ok' : 'unchecked', ...(expected.length ? {} : { detail: 'no sidecar to compare with', code: 'VOLUME_NO_SIDECAR', details: { volume: v.name } }) };
}

/** What verify computed for one entry: no MD5 for a blob. */
interface EntryHashes {
  size: number;
  sha256: string;
  md5?: string;
}

function compareFiles(manifest: BundleManifest, files: Map<string, EntryHashes>): FileCheck[] {
  const checks: FileCheck[] = [];
  const listed = new Set<string>();
  for (const f of manifest.files) {
    listed.add(f.path);
    const got = files.get(f.path);
    if (!got) checks.push({ path: f.path, status: 'missing', size: f.size, md5: f.md5, sha256: f.sha256, code: 'FILE_MISSING', details: { path: f.path } });
    else if (got.size !== f.size) checks.push({ path: f.path, status: 'mismatch', ...got, detail: `size ${got.size}, expected ${f.size}`, code: 'FILE_SIZE_MISMATCH', details: { path: f.path, size: got.size, expected: f.size } });
    else if (got.sha256 !== f.sha256) checks.push({ path: f.path, status: 'mismatch', ...got, detail: `SHA-256 ${got.sha256}, expected ${f.sha256}`, code: 'FILE_CONTENT_MISMATCH', details: { path: f.path, algorithm: 'SHA-256', actual: got.sha256, expected: f.sha256 } });
    else if (got.md5 !== undefined && got.md5 !== f.md5) checks.push({ path: f.path, status: 'mismatch', ...got, detail: `MD5 ${got.md5}, expected ${f.md5}`, code: 'FILE_CONTENT_MISMATCH', details: { path: f.path, algorithm: 'MD5', actual: got.md5, expected: f.md5 } });
    else checks.push({ path: f.path, status: 'ok', ...got });
  }
  for (const [path, d] of files) {
    if (!listed.has(path) && !SELF_LISTED.has(path)) checks.push({ path, status: 'unexpected', ...d, detail: 'not listed in bundle.json', code: 'FILE_UNLISTED', details: { path } });
  }
  return checks;
}

/** Every problem of a failed report, one line each: volumes, then files, then the rest. */
export function verifyProblems(report: VerifyReport): string[] {
  return (report.findings ?? []).map((f) => f.message);
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
