import { AppError, messageOf, throwIfAborted } from '../errors';
import { bundleManifestSchema, type BundleManifest } from '../model/bundle-manifest';
import { parseManifestBytes } from '../oci/schemas';
import { Annotation } from '../oci/media-types';
import { OpenBundle } from './open-bundle';
import { noProgress, type ProgressSink } from '../progress';
import { blobPath } from './archive-documents';
import { createHash } from 'node:crypto';
import { HashWorker } from './hash-worker';
import { readSafeTar } from './safe-tar';
import { locateBundle, readVolumes, type BundleVolume } from './volume-set';

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
}

export interface VerifyReport {
  readonly bundle: string;
  readonly ok: boolean;
  readonly volumes: readonly VolumeCheck[];
  readonly files: readonly FileCheck[];
  /** Problems that are not about one file (truncation, unsafe entries, broken references). */
  readonly problems: readonly string[];
  readonly manifest?: BundleManifest | undefined;
  readonly summary: { readonly files: number; readonly ok: number; readonly bad: number; readonly bytes: number };
}

const MAX_DOCUMENT = 64 * 1024 * 1024;
const SPECIAL = new Set(['bundle.json', 'MD5SUMS', 'SHA256SUMS']);

/**
 * Verifies a bundle in one pass: every volume against the volume list and its sidecars, the whole
 * stream against the archive's sidecars, every file's MD5 and SHA-256 against bundle.json (and the
 * SUMS files), every blob against its digest, and that the OCI index references only blobs that
 * are there. Unsafe archives are refused. Each finding names its file.
 */
export async function verifyBundle(input: string, options: { signal?: AbortSignal | undefined; onProgress?: ProgressSink | undefined } = {}): Promise<VerifyReport> {
  const loc = await locateBundle(input);
  const progress = options.onProgress ?? noProgress;
  const files = new Map<string, { size: number; md5: string; sha256: string }>();
  const small = new Map<string, Buffer>();
  const problems: string[] = [];
  const volumes: VolumeCheck[] = [];
  // Three hashing threads on two cores: entry MD5s on one worker, volume (and whole-stream)
  // SHA-256s on another, entry SHA-256s here — together about the cost of md5sum alone.
  const md5Worker = new HashWorker();
  const volumeWorker = new HashWorker();
  let wholeSha: string | undefined;
  let entryCount = 0;
  let bytes = 0;
  let lastEmit = 0;

  const stream = readVolumes(loc, {
    hasher: volumeWorker,
    onVolume: (v, d) => volumes.push(checkVolume(v, d)),
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
      if (entry.type !== 'file') continue;
      const sha = createHash('sha256');
      const md5Id = `md5:e${entryCount++}`;
      // Only the bundle's own small documents are kept (capped); manifests are read back afterwards.
      const keep = (SPECIAL.has(entry.name) || entry.name === 'index.json') && entry.size <= MAX_DOCUMENT;
      if ((SPECIAL.has(entry.name) || entry.name === 'index.json') && !keep) problems.push(`${entry.name} is larger than ${MAX_DOCUMENT} bytes`);
      const parts: Buffer[] = [];
      let size = 0;
      for await (const c of entry.body) {
        sha.update(c);
        await md5Worker.update([md5Id], c);
        size += c.length;
        if (keep) parts.push(c);
      }
      const d = { size, sha256: sha.digest('hex'), md5: await md5Worker.digest(md5Id) };
      if (d.size !== entry.size) problems.push(`${entry.name} is cut short`);
      files.set(entry.name, d);
      if (keep) small.set(entry.name, Buffer.concat(parts));
      const m = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(entry.name);
      if (m && m[1] !== d.sha256) problems.push(`${entry.name}: content does not match its digest (sha256:${d.sha256})`);
    }
  } catch (e) {
    if (e instanceof AppError && e.code === 'CANCELLED') throw e;
    problems.push(messageOf(e));
  } finally {
    await md5Worker.close();
    await volumeWorker.close();
  }
  progress({ phase: 'verify', bytesDone: bytes, bytesTotal: loc.totalSize });
  if (wholeSha && loc.list && loc.list.sha256 !== wholeSha) {
    problems.push('The volumes together do not match the volume list (order or content differs)');
  }
  for (const v of loc.volumes) if (!volumes.some((c) => c.name === v.name)) volumes.push({ name: v.name, size: v.size, status: 'unchecked', sha256: '', detail: 'not read (an earlier problem stopped the pass)' });

  const manifest = parseBundleJson(small.get('bundle.json'), problems);
  // Without bundle.json (the pass stopped early, or it is damaged) there is nothing to compare
  // files with: the problems say why, and no file is called "unexpected" for it.
  const checks = manifest ? compareFiles(manifest, files, problems) : [];
  checkSums(small, files, problems);
  // References need the tar to be whole; after a structural problem they would only add noise.
  if (problems.length === 0) await checkReferences(input, manifest, files, problems);
  const bad = checks.filter((c) => c.status !== 'ok').length;
  const ok = problems.length === 0 && bad === 0 && !volumes.some((v) => v.status === 'mismatch');
  return {
    bundle: loc.name,
    ok,
    volumes,
    files: checks,
    problems,
    manifest,
    summary: { files: checks.length, ok: checks.length - bad, bad, bytes },
  };
}

function checkVolume(v: BundleVolume, d: { size: number; md5?: string | undefined; sha256: string }): VolumeCheck {
  const expected = [v.listed && { from: 'the volume list', ...v.listed }, v.sidecar && { from: 'its sidecar files', ...v.sidecar }].filter(Boolean) as Array<{ from: string; md5?: string; sha256?: string }>;
  for (const e of expected) {
    // SHA-256 when the expectation has it; MD5 only for a volume that came with an MD5 alone.
    const bad = e.sha256 ? e.sha256 !== d.sha256 : e.md5 !== undefined && d.md5 !== undefined && e.md5 !== d.md5;
    if (bad) return { name: v.name, size: d.size, status: 'mismatch', sha256: d.sha256, ...(d.md5 ? { md5: d.md5 } : {}), detail: `does not match ${e.from} (damaged, or volumes swapped)` };
  }
  return { name: v.name, size: d.size, status: expected.length ? 'ok' : 'unchecked', sha256: d.sha256, ...(d.md5 ? { md5: d.md5 } : {}), ...(expected.length ? {} : { detail: 'no sidecar to compare with' }) };
}

function parseBundleJson(raw: Buffer | undefined, problems: string[]): BundleManifest | undefined {
  if (!raw) {
    problems.push('bundle.json is missing: this is not a complete Higress Airgap bundle');
    return undefined;
  }
  try {
    const parsed = bundleManifestSchema.safeParse(JSON.parse(raw.toString('utf8')));
    if (parsed.success) return parsed.data;
    problems.push(`bundle.json is invalid: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`);
  } catch {
    problems.push('bundle.json is not valid JSON');
  }
  return undefined;
}

function compareFiles(manifest: BundleManifest, files: Map<string, { size: number; md5: string; sha256: string }>, problems: string[]): FileCheck[] {
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
    if (!listed.has(path) && !SPECIAL.has(path)) checks.push({ path, status: 'unexpected', ...d, detail: 'not listed in bundle.json' });
  }
  for (const name of SPECIAL) if (!files.has(name)) problems.push(`${name} is missing`);
  return checks;
}

// MD5SUMS and SHA256SUMS must agree with the content and list exactly the files (plus bundle.json):
// a tool checking with coreutils relies on them, and a line it cannot read is damage too.
function checkSums(small: Map<string, Buffer>, files: Map<string, { md5: string; sha256: string }>, problems: string[]): void {
  const expected = new Set([...files.keys()].filter((f) => f !== 'MD5SUMS' && f !== 'SHA256SUMS'));
  for (const [sumsFile, key, hexLength] of [['MD5SUMS', 'md5', 32], ['SHA256SUMS', 'sha256', 64]] as const) {
    const text = small.get(sumsFile);
    if (!text) continue;
    const listed = new Set<string>();
    for (const line of text.toString('utf8').split('\n')) {
      if (line === '') continue;
      const m = new RegExp(`^([a-f0-9]{${hexLength}})  (.+)$`).exec(line);
      if (!m) {
        problems.push(`${sumsFile} has a damaged line: ${JSON.stringify(line.slice(0, 120))}`);
        continue;
      }
      const [, hex, path] = m as unknown as [string, string, string];
      listed.add(path);
      const got = files.get(path);
      if (!got) problems.push(`${sumsFile} lists ${path}, which is not in the bundle`);
      else if (got[key] !== hex) problems.push(`${sumsFile}: ${path} does not match`);
    }
    for (const f of expected) if (!listed.has(f)) problems.push(`${sumsFile} does not list ${f}`);
  }
}

// Every manifest index.json names, and every blob those manifests name, must be in the bundle;
// and index.json must name each bundled image and plugin with the digest bundle.json records
// (push takes its references from one and its expectations from the other).
async function checkReferences(input: string, manifest: BundleManifest | undefined, files: Map<string, unknown>, problems: string[]): Promise<void> {
  let bundle: OpenBundle;
  try {
    bundle = await OpenBundle.open(input);
  } catch (e) {
    problems.push(messageOf(e));
    return;
  }
  try {
    let index;
    try {
      index = await bundle.ociIndex();
    } catch {
      problems.push('index.json is missing or malformed');
      return;
    }
    const visit = async (digest: string, mediaType: string, from: string, depth: number): Promise<void> => {
      const path = blobPath(digest);
      if (!files.has(path)) {
        problems.push(`${from} references ${digest}, which is not in the bundle`);
        return;
      }
      let m;
      try {
        m = parseManifestBytes(await bundle.readSmall(path, 4 * 1024 * 1024), digest, mediaType);
      } catch (e) {
        problems.push(`${path}: ${messageOf(e)}`);
        return;
      }
      if (m.kind === 'index') {
        if (depth < 2) for (const c of m.index.manifests) await visit(c.digest, c.mediaType, digest, depth + 1);
      } else {
        for (const b of [m.manifest.config, ...m.manifest.layers]) if (!files.has(blobPath(b.digest))) problems.push(`manifest ${digest} references ${b.digest}, which is not in the bundle`);
      }
    };
    for (const d of index.manifests) await visit(d.digest, d.mediaType, 'index.json', 0);
    if (!manifest) return;
    const named = new Map(index.manifests.map((d) => [d.annotations?.[Annotation.refName], d.digest]));
    const expect = (ref: string, digest: string, what: string) => {
      const got = named.get(ref);
      if (got === undefined) problems.push(`index.json does not name ${what} (${ref})`);
      else if (got !== digest) problems.push(`index.json names ${what} as ${got}, but bundle.json says ${digest}`);
    };
    for (const i of manifest.images) expect(i.source, i.digest, `image ${i.source}`);
    for (const p of manifest.plugins) expect(p.origin === 'wasm-file' ? `plugins/${p.name}:${p.version}` : p.source, p.digest, `plugin ${p.name}`);
  } finally {
    await bundle.close();
  }
}
