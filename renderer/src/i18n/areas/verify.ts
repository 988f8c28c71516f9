/** UI strings — Verify reports and the state of an opened bundle. English is the key contract; Chinese must fill every key. */
export const VERIFY_EN = {} as const;

export const VERIFY_ZH: Record<keyof typeof VERIFY_EN, string> = {};
