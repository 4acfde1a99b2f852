/**
 * Says a prompt when a screen appears (and again when the language changes), if `enabled`;
 * stops it when the screen goes. Voice is off by default and on in elderly mode:
 *
 *   useVoicePrompt('place-id-card', elderly || voiceOn);
 */
import { useEffect } from 'react';
import { useI18n, type Language } from '../i18n/i18n';
import { speak, stopSpeaking, type PromptKey } from './voice';

export function useVoicePrompt(key: PromptKey | (string & {}) | null, enabled: boolean, languageOverride?: Language | (string & {})): void {
  const i18n = useI18n();
  // A prompt key gets its recording where synthesis is missing; free text is spoken by synthesis only.
  const language: Language = languageOverride === 'en' ? 'en' : languageOverride === 'zh-CN' ? 'zh-CN' : i18n.language;
  useEffect(() => {
    if (!enabled || !key) return;
    // After paint: the screen shows first, the voice follows.
    const timer = setTimeout(() => speak(key, { language }), 0);
    return () => {
      clearTimeout(timer);
      stopSpeaking();
    };
  }, [key, enabled, language]);
}
