/** UI strings — Import screen: push, overwrite confirmation, Docker path. English is the key contract; Chinese must fill every key. */
export const PUSH_EN = {} as const;

export const PUSH_ZH: Record<keyof typeof PUSH_EN, string> = {};
