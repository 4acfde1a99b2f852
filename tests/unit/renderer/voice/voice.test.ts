import { describe, expect, it, vi } from 'vitest';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { PROMPT_KEYS, createVoice, promptText, recordingUrl, type VoiceEnvironment } from '../../../../renderer/src/voice/voice';
import prompts from '../../../../renderer/src/voice/prompts.json';
import { APPLY_PROMPTS, IDENTIFY_PROMPTS, PROGRESS_PROMPTS, RATING_PROMPTS, STEP_PROMPT_KEYS, TICKET_PROMPTS, applyPrompt } from '../../../../renderer/src/voice/step-prompts';
import { initialApply } from '../../../../renderer/src/flows/apply';
import { item } from '../flows/fixtures';

function fakeEnv(voices: { lang: string; localService?: boolean }[]) {
  const spoken: SpeechSynthesisUtterance[] = [];
  const played: string[] = [];
  const paused: string[] = [];
  const synth = { speak: vi.fn((u: SpeechSynthesisUtterance) => void spoken.push(u)), cancel: vi.fn(), getVoices: () => voices as SpeechSynthesisVoice[] };
  const env: VoiceEnvironment = {
    speechSynthesis: synth,
    createUtterance: (text) => ({ text }) as SpeechSynthesisUtterance,
    createAudio: (url) => ({ play: () => (played.push(url), Promise.resolve()), pause: () => void paused.push(url) }),
    recordingUrl: (language, key) => `/assets/${language}-${key}.ogg`,
  };
  return { env, synth, spoken, played, paused };
}

describe('voice', () => {
  it('speaks a prompt with a zh-CN synthesis voice when there is one', () => {
    const { env, spoken } = fakeEnv([{ lang: 'en-US' }, { lang: 'zh-TW' }, { lang: 'zh-CN' }]);
    expect(createVoice(env).speak('place-id-card', { language: 'zh-CN' })).toBe('synthesis');
    expect(spoken[0]).toMatchObject({ text: '请将身份证放在感应区。', lang: 'zh-CN', rate: 0.9 });
  });

  it('falls back to the recorded prompt without a voice for the language', () => {
    const { env, played, spoken } = fakeEnv([{ lang: 'en-US' }]);
    expect(createVoice(env).speak('place-id-card', { language: 'zh-CN' })).toBe('recording');
    expect(played).toEqual(['/assets/zh-CN-place-id-card.ogg']);
    expect(spoken).toEqual([]);
  });

  it('free text without a voice stays silent; never throws', () => {
    const { env } = fakeEnv([]);
    expect(createVoice(env).speak('任意文字', { language: 'zh-CN' })).toBe('silent');
    expect(createVoice({ recordingUrl: () => undefined }).speak('welcome', { language: 'en' })).toBe('silent');
    const broken: VoiceEnvironment = {
      speechSynthesis: { speak: () => { throw new Error('x'); }, cancel: () => { throw new Error('y'); }, getVoices: () => [{ lang: 'zh-CN' } as SpeechSynthesisVoice] },
      createUtterance: (text) => ({ text }) as SpeechSynthesisUtterance,
      createAudio: () => { throw new Error('no audio'); },
      recordingUrl: () => '/x.ogg',
    };
    expect(() => createVoice(broken).speak('welcome', { language: 'zh-CN' })).not.toThrow();
  });

  it('each prompt cancels the one before', () => {
    const { env, synth, paused } = fakeEnv([]);
    const voice = createVoice(env);
    voice.speak('welcome', { language: 'en' });
    voice.speak('rate', { language: 'en' });
    expect(synth.cancel).toHaveBeenCalledTimes(2);
    expect(paused).toEqual(['/assets/en-welcome.ogg']);
  });

  it('has every prompt in both languages, and a small recording for each', () => {
    expect(Object.keys(prompts.en).sort()).toEqual([...PROMPT_KEYS].sort());
    let total = 0;
    for (const language of ['zh-CN', 'en'] as const)
      for (const key of PROMPT_KEYS) {
        expect(promptText(language, key).length).toBeGreaterThan(3);
        const file = `resources/voice/${language}/${key}.ogg`;
        expect(existsSync(file), file).toBe(true);
        total += statSync(file).size;
        expect(recordingUrl(language, key)).toBeTruthy();
      }
    expect(total).toBeLessThan(1_000_000);
    expect(readdirSync('resources/voice/zh-CN').length).toBe(PROMPT_KEYS.length);
  });

  it('every step of every flow says a prompt that has its recording in both languages', () => {
    const maps = [IDENTIFY_PROMPTS, APPLY_PROMPTS, PROGRESS_PROMPTS, RATING_PROMPTS, TICKET_PROMPTS];
    for (const map of maps) for (const key of Object.values(map)) if (key !== null) expect(STEP_PROMPT_KEYS).toContain(key);
    // Only steps that pass in an instant (or that the citizen left) are silent.
    const silent = maps.flatMap((map) => Object.entries(map).filter(([, key]) => key === null).map(([step]) => step));
    expect(silent.sort()).toEqual(['done', 'skipped']);
    expect(STEP_PROMPT_KEYS.length).toBeGreaterThan(30);
    for (const key of STEP_PROMPT_KEYS) {
      expect(PROMPT_KEYS).toContain(key);
      for (const language of ['zh-CN', 'en'] as const) {
        expect(existsSync(`resources/voice/${language}/${key}.ogg`), `${language}/${key}`).toBe(true);
        expect(recordingUrl(language, key), `${language}/${key}`).toBeTruthy();
      }
    }
  });

  it('the apply flow says the identify step while identifying, and typing the number has its own prompt', () => {
    const state = initialApply(item('社会保险参保缴费证明'));
    expect(applyPrompt(state)).toBe('privacy');
    const person = { ...state.identify, at: { step: 'person', entry: 'wait', idDraft: '', nameDraft: '', problem: null } as const };
    expect(applyPrompt({ ...state, identify: person })).toBe('place-id-card');
    expect(applyPrompt({ ...state, identify: { ...person, at: { ...person.at, entry: 'typing' } } })).toBe('type-id-number');
    expect(applyPrompt({ ...state, step: 'outstanding' })).toBe('apply.outstanding');
    // A recording, not synthesis, where no voice for the language exists.
    const { env, played } = fakeEnv([]);
    expect(createVoice(env).speak(applyPrompt({ ...state, step: 'review' })!, { language: 'en' })).toBe('recording');
    expect(played).toEqual(['/assets/en-review.ogg']);
  });
});
