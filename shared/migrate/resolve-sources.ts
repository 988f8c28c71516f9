import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { AppError, isAbortError, printable, UsageError } from '../errors';
import type { ResolvedPlugin, ResolvePluginRequest } from '../bundle/resolve';
import { classifyPluginManifest } from '../plugins/layout-gate';
import type { WasmArtifact } from '../plugins/wasm-artifact';
import { MAX_WASM_BYTES } from '../plugins/wasm-module';
import { downloadWasm } from './http-download';
import type { MigrationSource } from './sources';

export interface SourceDeps {
  /** The bundle resolver's own OCI path (pull byte for byte, layout gate). */
  readonly resolveOci: (p: ResolvePluginRequest) => Promise<ResolvedPlugin>;
  readonly packageWasm: (wasm: Buffer, options: { name: string; version: string; file?: string | undefined }) => Promise<WasmArtifact>;
  readonly fetch?: typeof globalThis.fetch | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * One module of an inventory, fetched from where its WasmPlugins fetch it: `oci://` (or a bare
 * reference) through the bundle's own OCI path; `http(s)://` downloaded (spec.sha256 checked) and
 * `file://` read from this machine, both packaged as the 2-layer OCI artifact a local .wasm
 * becomes. A failure names every object that needs the module.
 */
export async function resolveMigrationSource(m: MigrationSource, deps: SourceDeps): Promise<ResolvedPlugin> {
  const migrated = { url: m.url, objects: m.objects, catalogDigest: m.builtIn?.digest, catalogWasmSha256: m.builtIn?.wasmSha256 };
  try {
    if (m.location.kind === 'oci') {
      const ref = m.location.reference;
      const p = await deps.resolveOci({
        name: m.name,
        version: m.version,
        servedVersions: m.servedVersions,
        origin: m.builtIn ? 'catalog' : 'oci',
        ref,
        pinned: ref.digest,
        category: m.builtIn?.category,
        phase: m.builtIn?.phase,
        priority: m.builtIn?.priority,
      });
      // The gateway compares an OCI module's spec.sha256 with its manifest digest.
      if (m.sha256 && `sha256:${m.sha256}` !== p.manifest.digest) {
        throw new AppError('MIGRATE_SHA256_MISMATCH', `${m.url} resolves to ${p.manifest.digest}, but spec.sha256 says ${m.sha256}`, {
          hint: 'The image there is not the one the WasmPlugin pins (the gateway would refuse it too); nothing was bundled.',
          details: { url: m.url, sha256: p.manifest.digest.replace(/^sha256:/, ''), expected: m.sha256 },
        });
      }
      return { ...p, migrated };
    }
    const bytes = m.location.kind === 'http' ? (await downloadWasm(m.location.url, { sha256: m.sha256, fetch: deps.fetch, signal: deps.signal })).bytes : await readLocal(m.location.path, m.sha256, m.url);
    const artifact = await deps.packageWasm(bytes, { name: m.name, version: m.version, file: 'plugin.wasm' });
    const manifest = await artifact.store.resolve(artifact.reference);
    if (manifest.kind !== 'manifest') throw new AppError('INTERNAL', 'packaged wasm is not a manifest', { details: { reason: 'packaged wasm is not a manifest' } });
    const source = printable(m.url, 512);
    return {
      kind: 'plugin',
      name: m.name,
      version: m.version,
      servedVersions: m.servedVersions,
      origin: 'wasm-file',
      source,
      store: artifact.store,
      manifest,
      layout: classifyPluginManifest(manifest, m.name, source),
      ...(m.builtIn ? { category: m.builtIn.category, phase: m.builtIn.phase, priority: m.builtIn.priority } : {}),
      migrated,
    };
  } catch (caught) {
    if (isAbortError(caught)) throw caught;
    // A connection cut mid-body and the like: still named with the objects that need the module.
    const e = caught instanceof AppError ? caught : new AppError('MIGRATE_SOURCE_UNREACHABLE', `Cannot fetch ${m.url}: ${(caught as Error).message}`, { details: { url: m.url, reason: (caught as Error).message } });
    const objects = m.objects.join(', ');
    const details = { ...(e.details ?? {}), url: m.url, objects };
    const message = `WasmPlugin ${objects}: ${e.message}`;
    throw e instanceof UsageError ? new UsageError(message, { code: e.code, hint: e.hint, details }) : new AppError(e.code, message, { hint: e.hint, details, cause: e });
  }
}

async function readLocal(path: string, sha256: string | undefined, url: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    if (s.size > MAX_WASM_BYTES) throw new AppError('MIGRATE_SOURCE_TOO_LARGE', `${url} is larger than ${MAX_WASM_BYTES} bytes, the most the gateway loads`, { details: { url, size: s.size, limit: MAX_WASM_BYTES } });
    bytes = await readFile(path);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('MIGRATE_SOURCE_UNREACHABLE', `Cannot read ${url} on this machine (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      hint: 'A file:// module is read from this machine: copy it here at the same path, or bundle from a copy.',
      details: { url, reason: (e as NodeJS.ErrnoException).code ?? 'unreadable' },
    });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (sha256 && actual !== sha256) {
    throw new AppError('MIGRATE_SHA256_MISMATCH', `${url} has SHA-256 ${actual}, but spec.sha256 says ${sha256}`, {
      hint: 'The module there is not the one the WasmPlugin pins (the gateway would refuse it too); nothing was bundled.',
      details: { url, sha256: actual, expected: sha256 },
    });
  }
  return bytes;
}
