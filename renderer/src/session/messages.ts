/** Strings of the session pacing components, both languages (kept out of the shared catalogs). */
import { fillTemplate, type Language } from '../i18n/i18n';

const zhCN = {
  'idle.title': '您还在办理吗？',
  'idle.body': '如无操作，{seconds} 秒后将返回首页，已填写的信息会被清除。',
  'idle.seconds': '秒',
  'idle.countdown': '剩余 {seconds} 秒',
  'idle.continue': '继续办理',
  'idle.end': '结束办理，返回首页',
} as const;

export type SessionMessageKey = keyof typeof zhCN;

const en: Record<SessionMessageKey, string> = {
  'idle.title': 'Are you still there?',
  'idle.body': 'Without a tap, the home screen returns in {seconds} seconds and what you entered is cleared.',
  'idle.seconds': 'seconds',
  'idle.countdown': '{seconds} seconds left',
  'idle.continue': 'Continue',
  'idle.end': 'Finish and go home',
};

const CATALOGS: Record<Language, Record<SessionMessageKey, string>> = { 'zh-CN': zhCN, en };

export function sessionText(language: Language, key: SessionMessageKey, params?: Record<string, string | number>): string {
  return fillTemplate(CATALOGS[language][key], params);
}
