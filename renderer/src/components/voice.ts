/** Voice prompts for each step (renderer/src/voice/: speech synthesis, recorded prompts otherwise). */
export { useVoicePrompt } from '../voice';
export { FIND_PROMPT, HOME_PROMPT, PROGRESS_PROMPTS, RATING_PROMPTS, TICKET_PROMPTS, applyPrompt } from '../voice';
