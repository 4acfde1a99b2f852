/** The i18n layer: zh-CN first, English second. Components get `t` from useI18n(). */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { en, enOne } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Language = 'zh-CN' | 'en';
const CATALOGS: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
/**
 * Singular forms: a text with a `{count}` that reads differently for one ("1 material", not "1
 * materials"). Used when `count` is 1 and the language has one for the key; Chinese has none.
 */
const ONE: Record<Language, Partial<Record<MessageKey, string>>> = { 'zh-CN': {}, en: enOne };

/** Fills `{name}` placeholders; unknown ones stay as written, so a missing value is visible, not blank. */
export function fillTemplate(template: string, params?: Record<string, string | number>): string {
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

export function translate(language: Language, key: MessageKey, params?: Record<string, string | number>): string {
  const one = params?.count === 1 ? ONE[language][key] : undefined;
  return fillTemplate(one ?? CATALOGS[language][key], params);
}

interface I18n {
  language: Language;
  t(key: MessageKey, params?: Record<string, string | number>): string;
}

const I18nContext = createContext<I18n>({ language: 'zh-CN', t: (key, params) => translate('zh-CN', key, params) });

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo<I18n>(() => ({ language, t: (key, params) => translate(language, key, params) }), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
