/** Voice prompts: speech synthesis where a voice exists, recorded prompts otherwise. */
export { speak, stopSpeaking, promptText, PROMPT_KEYS, type PromptKey, type SpeakOptions } from './voice';
export { useVoicePrompt } from './use-voice-prompt';
