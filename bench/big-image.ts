import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { once } from 'node:events';

/**
 * Pushes a synthetic image of `totalBytes` (random, incompressible layers of at most 256 MiB)
 * to a plain loopback registry, streaming from temp files so memory stays flat.
 */
export async function pushBigImage(host: string, repo: string, tag: string, totalBytes: number, workDir: string): Promise<{ digest: string; layers: number }> {
  const layerSize = 256 * 1024 * 1024;
  const layers: Array<{ digest: string; size: number }> = [];
  for (let i = 0, left = totalBytes; left > 0; i++, left -= layerSize) {
    const size = Math.min(layerSize, left);
    const file = join(workDir, `layer-${i}`);
    const hash = createHash('sha256');
    const out = createWriteStream(file);
    for (let written = 0; written < size; ) {
      const chunk = randomBytes(Math.min(4 * 1024 * 1024, size - written));
      hash.update(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
    }
    out.end();
    await once(out, 'finish');
    const digest = `sha256:${hash.digest('hex')}`;
    await uploadFile(host, repo, digest, file, size);
    layers.push({ digest, size });
  }
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) } }));
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;
  await uploadBuffer(host, repo, configDigest, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: l.digest, size: l.size })),
    }),
  );
  await put(host, `/v2/${repo}/manifests/${tag}`, manifest, 'application/vnd.oci.image.manifest.v1+json');
  return { digest: `sha256:${createHash('sha256').update(manifest).digest('hex')}`, layers: layers.length };
}

async function startUpload(host: string, repo: string): Promise<string> {
  const res = await fetch(`http://${host}/v2/${repo}/blobs/uploads/`, { method: 'POST' });
  if (res.status !== 202) throw new Error(`POST upload: ${res.status}`);
  return new URL(res.headers.get('location') as string, `http://${host}`).toString();
}

async function uploadFile(host: string, repo: string, digest: string, file: string, size: number): Promise<void> {
  const location = new URL(await startUpload(host, repo));
  location.searchParams.set('digest', digest);
  await new Promise<void>((resolve, reject) => {
    const req = request(location, { method: 'PUT', headers: { 'content-length': String(size), 'content-type': 'application/octet-stream' } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error(`PUT blob: ${res.statusCode}`))));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

async function uploadBuffer(host: string, repo: string, digest: string, data: Buffer): Promise<void> {
  const location = new URL(await startUpload(host, repo));
  location.searchParams.set('digest', digest);
  await put(host, location.pathname + location.search, data, 'application/octet-stream');
}

async function put(host: string, path: string, data: Buffer, type: string): Promise<void> {
  const res = await fetch(`http://${host}${path}`, { method: 'PUT', body: new Uint8Array(data), headers: { 'content-type': type } });
  if (res.status !== 201) throw new Error(`PUT ${path}: ${res.status} ${await res.text()}`);
}

/** Random bytes to make incompressible test data without keeping it in memory. */
export function randomChunk(n: number): Buffer {
  return randomBytes(n);
}
