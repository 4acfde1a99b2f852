/**
 * The one place the citizen flows get their on-screen keyboard from (renderer/src/keyboard/):
 * pinyin with candidates, letters, digits, numeric, id-number and phone keypads. No native input
 * is ever focused, so the system keyboard never appears.
 */
export { KeyboardField, OnScreenKeyboard, closeOnScreenKeyboard, type KeyboardFieldProps, type KeyboardMode } from '../keyboard';
