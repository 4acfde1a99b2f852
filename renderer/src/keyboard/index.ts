/** The on-screen keyboard: what the citizen flows use. */
export { OnScreenKeyboard, type OnScreenKeyboardProps } from './OnScreenKeyboard';
export { KeyboardField, closeOnScreenKeyboard, type KeyboardFieldProps } from './KeyboardField';
export { TEXT_MODES, type KeyboardMode } from './keyboard-model';
export { preloadPinyinEngine } from './use-pinyin-engine';
