import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

describe('electron-builder.yml', () => {
  const schema = JSON.parse(readFileSync('node_modules/app-builder-lib/scheme.json', 'utf8')) as object;
  const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(schema);

  it('is valid against app-builder-lib JSON schema', () => {
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check would catch a mistake', () => {
    expect(validate({ ...config, linux: { target: 42 } })).toBe(false);
  });

  it('targets Linux (AppImage, deb, tar.gz), Windows (nsis, portable) and macOS (dmg)', () => {
    const targets = (os: string) => (config[os] as { target: string[] }).target;
    expect(targets('linux')).toEqual(['AppImage', 'deb', 'tar.gz']);
    expect(targets('win')).toEqual(['nsis', 'portable']);
    expect(targets('mac')).toEqual(['dmg']);
  });
});
