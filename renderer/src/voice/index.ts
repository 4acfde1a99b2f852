/** Voice prompts: speech synthesis where a voice exists, recorded prompts otherwise. */
export { speak, stopSpeaking, promptText, PROMPT_KEYS, type PromptKey, type SpeakOptions } from './voice';
export { useVoicePrompt } from './use-voice-prompt';
export { FIND_PROMPT, HOME_PROMPT, PROGRESS_PROMPTS, RATING_PROMPTS, TICKET_PROMPTS, STEP_PROMPT_KEYS, applyPrompt } from './step-prompts';
