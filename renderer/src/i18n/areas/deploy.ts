/** UI strings — Deploy screen: output folder, targets, previews. English is the key contract; Chinese must fill every key. */
export const DEPLOY_EN = {} as const;

export const DEPLOY_ZH: Record<keyof typeof DEPLOY_EN, string> = {};
