import { z } from 'zod';

/**
 * Payload schemas of the IPC contract. The renderer is untrusted: every string is bounded, every
 * object strict (unknown keys refused), enums closed.
 */
export const taskIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'task id must be 1-64 letters, digits, _ or -');
export const pathSchema = z.string().min(1).max(4096).refine((p) => !p.includes('\0'), 'invalid path');
const hostSchema = z.string().min(1).max(300);
const refSchema = z.string().min(1).max(512);
const nameSchema = z.string().min(1).max(128);

/** How to reach one registry for this request (the form's TLS options and credentials). */
export const connectionSchema = z
  .object({
    plainHttp: z.boolean().optional(),
    insecure: z.boolean().optional(),
    caFile: pathSchema.optional(),
    username: z.string().min(1).max(512).optional(),
    password: z.string().min(1).max(4096).optional(),
  })
  .strict();

export const planSchema = z
  .object({
    release: z.string().max(32).optional(),
    source: hostSchema.optional(),
    pluginServer: refSchema.nullable().optional(),
    catalogPlugins: z.array(nameSchema).max(500).optional(),
    allCatalogPlugins: z.boolean().optional(),
    ociPlugins: z.array(z.object({ reference: refSchema, name: nameSchema.optional(), version: nameSchema.optional() }).strict()).max(200).optional(),
    wasmFiles: z.array(z.object({ name: nameSchema, version: nameSchema, file: pathSchema }).strict()).max(200).optional(),
    images: z.array(refSchema).max(100).optional(),
    dockerImages: z.array(refSchema).max(100).optional(),
    platforms: z.array(z.string().max(64)).max(16).optional(),
    followTags: z.boolean().optional(),
    /** bundle --with-higress: the release's images and charts (shared/bundle/plan.ts HigressPlan). */
    higress: z
      .object({ observability: z.boolean().optional(), allInOne: z.boolean().optional(), redis: z.boolean().optional(), compose: z.boolean().optional(), charts: z.boolean().optional(), chartRepo: z.string().min(1).max(2048).optional() })
      .strict()
      .optional(),
  })
  .strict();

/** WasmPlugins to move (bundle --from-wasmplugins): files or folders; the passphrase only when configuration is taken (never logged). */
export const inventorySchema = z
  .object({ paths: z.array(pathSchema).min(1).max(32), withConfig: z.boolean().optional(), passphrase: z.string().min(1).max(1024).optional() })
  .strict();

const targetMode = z.enum(['keep', 'flatten']);

export const payloads = {
  'system:check': z.object({ folder: pathSchema.optional() }).strict(),
  'task:cancel': z.object({ taskId: taskIdSchema }).strict(),

  'settings:get': z.object({}).strict(),
  'settings:set-temp-dir': z.object({ tempDir: pathSchema.nullable() }).strict(),
  'registry:save': z
    .object({ host: hostSchema, plainHttp: z.boolean().optional(), insecure: z.boolean().optional(), caFile: pathSchema.optional(), allowRealmHosts: z.array(hostSchema).max(16).optional() })
    .strict(),
  'registry:remove': z.object({ host: hostSchema }).strict(),
  'registry:login': z.object({ host: hostSchema, username: z.string().min(1).max(512), password: z.string().min(1).max(4096), connection: connectionSchema.optional() }).strict(),
  'registry:logout': z.object({ host: hostSchema }).strict(),
  'registry:test': z.object({ host: hostSchema, connection: connectionSchema.optional() }).strict(),

  'catalog:probe': z.object({ taskId: taskIdSchema, release: z.string().max(32), source: hostSchema, names: z.array(nameSchema).min(1).max(500), followTags: z.boolean().optional(), connection: connectionSchema.optional() }).strict(),
  'bundle:estimate': z.object({ plan: planSchema, connection: connectionSchema.optional(), inventory: z.object({ paths: z.array(pathSchema).min(1).max(32) }).strict().optional() }).strict(),
  'bundle:build': z
    .object({ taskId: taskIdSchema, plan: planSchema, out: pathSchema, split: z.string().max(32).optional(), force: z.boolean().optional(), connection: connectionSchema.optional(), inventory: inventorySchema.optional() })
    .strict(),
  'migrate:inventory': z.object({ paths: z.array(pathSchema).min(1).max(32), release: z.string().max(32).optional() }).strict(),
  'migrate:restore': z.object({ path: pathSchema, passphrase: z.string().min(1).max(1024) }).strict(),
  'bundle:open': z.object({ path: pathSchema }).strict(),
  'bundle:verify': z.object({ taskId: taskIdSchema, path: pathSchema }).strict(),

  'push:preflight': z.object({ registry: hostSchema, targetMode: targetMode.optional(), createProject: z.boolean().optional(), connection: connectionSchema.optional() }).strict(),
  'push:preview': z
    .object({ path: pathSchema, registry: hostSchema, targetMode: targetMode.optional(), via: z.enum(['registry', 'docker']).optional(), policy: z.enum(['skip', 'overwrite', 'fail']).optional(), connection: connectionSchema.optional() })
    .strict(),
  'push:run': z
    .object({
      taskId: taskIdSchema,
      path: pathSchema,
      registry: hostSchema,
      targetMode: targetMode.optional(),
      via: z.enum(['registry', 'docker']).optional(),
      policy: z.enum(['skip', 'overwrite', 'fail']).optional(),
      pluginServerImage: refSchema.optional(),
      createProject: z.boolean().optional(),
      connection: connectionSchema.optional(),
    })
    .strict(),
  'docker:load': z.object({ taskId: taskIdSchema, path: pathSchema }).strict(),

  'deploy:write': z
    .object({
      dir: pathSchema,
      confirmReplace: z.array(z.string().min(1).max(256)).max(256).optional(),
      files: z.array(z.object({ path: z.string().min(1).max(256), content: z.string().max(8 * 1024 * 1024) }).strict()).min(1).max(64),
      // Files the engine copies out of the bundle (plugin modules, chart packages): the output's `copies`.
      bundle: pathSchema.optional(),
      copies: z.array(z.object({ from: z.string().min(1).max(1024), path: z.string().min(1).max(256) }).strict()).max(192).optional(),
    })
    .strict(),

  'dialog:open': z.object({ kind: z.enum(['bundle', 'wasm', 'folder', 'ca-file', 'inventory']) }).strict(),
  'dialog:save': z.object({ kind: z.enum(['bundle']), defaultName: z.string().max(255).optional() }).strict(),
  'shell:show': z.object({ path: pathSchema }).strict(),
} as const;

export type Connection = z.infer<typeof connectionSchema>;
export type PlanPayload = z.infer<typeof planSchema>;
