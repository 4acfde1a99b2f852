/** Voice prompts for each step (renderer/src/voice/: speech synthesis, recorded prompts otherwise). */
export { useVoicePrompt } from '../voice';
