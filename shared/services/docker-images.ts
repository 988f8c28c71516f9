import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DockerConnector } from '../docker/engine';
import { saveImageToLayout } from '../docker/save-to-layout';
import { OciLayoutStore } from '../store/oci-layout-store';
import type { ContentStore } from '../store/content-store';

/**
 * `--docker-image`: each image is saved from the local engine into a private OCI layout in the
 * temp folder, which the bundle then reads like any other store; `cleanup` removes them.
 */
export function dockerImageSaver(connect: DockerConnector, tempDir: string): { save: (name: string, signal?: AbortSignal) => Promise<{ store: ContentStore; reference: string; source: string }>; cleanup: () => Promise<void> } {
  const dirs: string[] = [];
  return {
    save: async (name, signal) => {
      const { docker } = await connect();
      const dir = await mkdtemp(join(tempDir, 'higress-airgap-docker-'));
      dirs.push(dir);
      const layout = new OciLayoutStore(dir);
      await layout.init();
      const saved = await saveImageToLayout(docker, name, layout, { signal });
      return { store: layout, reference: saved.refName, source: saved.refName };
    },
    cleanup: async () => {
      await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
    },
  };
}
