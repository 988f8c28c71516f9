import { describe, expect, it } from 'vitest';
import { startDockerd, type TestDockerd } from '../env/dockerd';
import { useAppSession } from './app-session';

describe('the UI in Chromium through `higress-airgap ui`', () => {
  let dockerd: TestDockerd;
  const app = useAppSession('system-check', {
    prepare: async ({ stopAtEnd }) => {
      dockerd = stopAtEnd(await startDockerd());
      return { DOCKER_HOST: dockerd.host };
    },
  });

  it('calls system:check through the real handler map and shows the Docker engine', async () => {
    // The page opens once the token has left the address bar (it is read, then kept in sessionStorage).
    const { page, errors } = await app.open('en');
    expect(await page.evaluate(() => location.hash)).not.toContain('token');
    await page.getByTestId('system-folder').fill('/tmp');
    await page.getByTestId('system-check').click();
    const docker = page.getByTestId('system-docker');
    await docker.waitFor();
    const version = (await dockerd.docker.version()).Version;
    expect(await docker.textContent()).toContain(`Docker ${version}`);
    expect(await page.getByTestId('system-version').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await page.getByTestId('system-free').textContent()).toMatch(/free of/);
    expect(errors).toEqual([]);
  });

  it('follows the browser locale and switches language at any time', async () => {
    const { page } = await app.open('zh-CN');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Higress 离线传输');
    await page.getByTestId('lang').selectOption('en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Higress Airgap');
  });
});
