/** English strings; the key set is the contract every other language must fill. */
export const en = {
  'app.title': 'Higress Airgap',
  'app.tagline': 'Move the Higress Plugin Server and Wasm plugins into air-gapped networks.',
  'app.noHost': 'This page must be opened from the desktop app or from the URL printed by `higress-airgap ui`.',
  'lang.label': 'Language',
  'system.title': 'This machine',
  'system.folder': 'Folder to check',
  'system.check': 'Check',
  'system.checking': 'Checking…',
  'system.version': 'App version',
  'system.platform': 'Platform',
  'system.docker': 'Docker engine',
  'system.docker.ok': 'Docker {version} at {endpoint}',
  'system.docker.down': 'Not reachable at {endpoint}',
  'system.free': 'Free space',
  'system.free.value': '{free} free of {total} ({fs})',
  'system.notWritable': 'not writable',
  'error.title': 'Something went wrong',
} as const;

export type MessageKey = keyof typeof en;
