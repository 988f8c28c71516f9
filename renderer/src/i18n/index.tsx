import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey } from './en';
export type Locale = 'en' | 'zh-CN';
export type Translate = (key: MessageKey, params?: Readonly<Record<string, string | number>>) => string;
export const locales: readonly Locale[] = ['en', 'zh-CN'];
export const dictionaries: Readonly<Record<Locale, Record<MessageKey, string>>> = { en, 'zh-CN': zhCN };
/** Each language names itself, so it can be found whatever the current language is. */
export const localeNames: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

const STORAGE_KEY = 'airgap-locale';

function savedLocale(): Locale | undefined {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : undefined;
}

function systemLocale(): Locale {
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The OS/browser language decides the first locale; the user's choice is remembered. */
export function initialLocale(): Locale {
  return savedLocale() ?? systemLocale();
}

export function format(template: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

interface I18n {
  readonly locale: Locale;
  readonly setLocale: (l: Locale) => void;
  readonly t: Translate;
}

const I18nContext = createContext<I18n | undefined>(undefined);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLocaleState(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // Until the user picks one, follow the OS language when it changes.
  useEffect(() => {
    const follow = () => {
      if (!savedLocale()) setLocaleState(systemLocale());
    };
    window.addEventListener('languagechange', follow);
    return () => window.removeEventListener('languagechange', follow);
  }, []);
  const value = useMemo<I18n>(
    // A key missing at run time shows as itself, which the end-to-end tests look for.
    () => ({ locale, setLocale, t: (key, params) => format(dictionaries[locale][key] ?? key, params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
