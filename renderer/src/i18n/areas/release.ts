/** UI strings — The whole Higress release: core images, charts, targets. English is the key contract; Chinese must fill every key. */
export const RELEASE_EN = {} as const;

export const RELEASE_ZH: Record<keyof typeof RELEASE_EN, string> = {};
