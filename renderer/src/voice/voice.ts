/**
 * Voice prompts. `speak(keyOrText, { language })` says a prompt (a key of prompts.json) or any text:
 * with the Web Speech API when a voice for the language exists, otherwise — for prompt keys — the
 * recorded prompt resources/voice/<lang>/<key>.ogg (espeak-ng, scripts/build-voice-prompts.sh), and
 * otherwise nothing (the screen says it all anyway). It never blocks and never throws; each call
 * cancels the prompt before it. Whether to speak at all is the caller's choice (see useVoicePrompt).
 */
import type { Language } from '../i18n/i18n';
import PROMPTS from './prompts.json';

export type PromptKey = keyof (typeof PROMPTS)['zh-CN'];
export const PROMPT_KEYS = Object.keys(PROMPTS['zh-CN']) as PromptKey[];

export function promptText(language: Language, key: PromptKey): string {
  return PROMPTS[language][key];
}

export function isPromptKey(value: string): value is PromptKey {
  return Object.prototype.hasOwnProperty.call(PROMPTS['zh-CN'], value);
}

/** The bits of the browser the voice needs; injectable so it can be tested without a browser. */
export interface VoiceEnvironment {
  speechSynthesis?: Pick<SpeechSynthesis, 'speak' | 'cancel' | 'getVoices'> & Partial<Pick<SpeechSynthesis, 'addEventListener'>>;
  createUtterance?(text: string): SpeechSynthesisUtterance;
  createAudio?(url: string): Pick<HTMLAudioElement, 'play' | 'pause'>;
  /** URL of the recorded prompt, if there is one. */
  recordingUrl(language: Language, key: PromptKey): string | undefined;
}

export interface SpeakOptions {
  language: Language;
  /** Speech rate for synthesis; 0.9 by default (a little slower, for older citizens). */
  rate?: number;
}

export interface Voice {
  speak(keyOrText: string, options: SpeakOptions): 'synthesis' | 'recording' | 'silent';
  stop(): void;
}

const LANGUAGE_TAGS: Record<Language, RegExp> = { 'zh-CN': /^(zh|cmn)([-_](CN|Hans|cmn).*)?$/i, en: /^en([-_].*)?$/i };

function pickVoice(voices: readonly SpeechSynthesisVoice[], language: Language): SpeechSynthesisVoice | undefined {
  const matching = voices.filter((v) => LANGUAGE_TAGS[language].test(v.lang));
  // zh-TW/zh-HK voices read simplified text with the wrong accent: prefer mainland ones.
  const preferred = language === 'zh-CN' ? matching.filter((v) => !/TW|HK|yue/i.test(v.lang)) : matching;
  return (preferred.length ? preferred : matching).sort((a, b) => Number(b.localService) - Number(a.localService))[0];
}

export function createVoice(env: VoiceEnvironment): Voice {
  let audio: Pick<HTMLAudioElement, 'play' | 'pause'> | null = null;
  const stop = () => {
    try {
      env.speechSynthesis?.cancel();
    } catch {
      /* nothing to cancel */
    }
    if (audio) {
      try {
        audio.pause();
      } catch {
        /* already stopped */
      }
      audio = null;
    }
  };
  return {
    stop,
    speak(keyOrText, { language, rate = 0.9 }) {
      stop();
      const key = isPromptKey(keyOrText) ? keyOrText : null;
      const text = key ? promptText(language, key) : keyOrText;
      if (!text.trim()) return 'silent';
      try {
        const synth = env.speechSynthesis;
        const voice = synth ? pickVoice(synth.getVoices(), language) : undefined;
        if (synth && voice && env.createUtterance) {
          const utterance = env.createUtterance(text);
          utterance.voice = voice;
          utterance.lang = voice.lang;
          utterance.rate = rate;
          synth.speak(utterance);
          return 'synthesis';
        }
      } catch {
        /* fall through to the recording */
      }
      const url = key ? env.recordingUrl(language, key) : undefined;
      if (url && env.createAudio) {
        try {
          const a = env.createAudio(url);
          audio = a;
          void a.play().catch(() => undefined);
          return 'recording';
        } catch {
          return 'silent';
        }
      }
      return 'silent';
    },
  };
}

// The recorded prompts, as asset URLs (Vite copies them into assets/; nothing is inlined as data:,
// which the CSP's media-src would refuse, because each is larger than the inlining limit).
const RECORDINGS = import.meta.glob('../../../resources/voice/*/*.ogg', { eager: true, query: '?url', import: 'default' }) as Record<string, string>;

export function recordingUrl(language: Language, key: PromptKey): string | undefined {
  return RECORDINGS[`../../../resources/voice/${language}/${key}.ogg`];
}

let browserVoice: Voice | null = null;

function defaultVoice(): Voice {
  if (browserVoice) return browserVoice;
  const g = globalThis as typeof globalThis & { speechSynthesis?: SpeechSynthesis; SpeechSynthesisUtterance?: typeof SpeechSynthesisUtterance; Audio?: typeof Audio };
  const synth = g.speechSynthesis;
  // Chromium fills the voice list asynchronously; asking once starts that.
  try {
    synth?.getVoices();
  } catch {
    /* no speech */
  }
  const Utterance = g.SpeechSynthesisUtterance;
  const AudioCtor = g.Audio;
  browserVoice = createVoice({
    ...(synth ? { speechSynthesis: synth } : {}),
    ...(Utterance ? { createUtterance: (text: string) => new Utterance(text) } : {}),
    ...(AudioCtor ? { createAudio: (url: string) => new AudioCtor(url) } : {}),
    recordingUrl,
  });
  return browserVoice;
}

/** Says a prompt key or a text now, cancelling whatever was being said. */
export function speak(keyOrText: PromptKey | (string & {}), options: SpeakOptions): 'synthesis' | 'recording' | 'silent' {
  return defaultVoice().speak(keyOrText, options);
}

/** Stops any prompt being said (e.g. when the session is wiped). */
export function stopSpeaking(): void {
  defaultVoice().stop();
}
