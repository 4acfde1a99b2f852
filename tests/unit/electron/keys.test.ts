import { describe, expect, it } from 'vitest';
import { blockedReason, shouldBlockInput } from '../../../electron/policy/keys';
import type { KeyInput } from '../../../electron/policy/keys';

function key(k: string, mods: Partial<Omit<KeyInput, 'key' | 'code'>> & { code?: string } = {}): KeyInput {
  const code = mods.code ?? (/^[a-z]$/i.test(k) ? `Key${k.toUpperCase()}` : /^[0-9]$/.test(k) ? `Digit${k}` : k);
  return { key: k, code, control: mods.control ?? false, meta: mods.meta ?? false, alt: mods.alt ?? false, shift: mods.shift ?? false };
}

const ctrl = { control: true };
const ctrlShift = { control: true, shift: true };

describe('before-input-event key filter', () => {
  it.each<[string, KeyInput, string]>([
    ['F5', key('F5'), 'reload'],
    ['Ctrl+R', key('r', ctrl), 'reload'],
    ['Cmd+R', key('r', { meta: true }), 'reload'],
    ['Ctrl+Shift+R', key('R', ctrlShift), 'reload'],
    ['BrowserRefresh', key('BrowserRefresh'), 'reload'],
    ['F12', key('F12'), 'devtools'],
    ['Ctrl+Shift+I', key('I', ctrlShift), 'devtools'],
    ['Ctrl+Shift+J', key('J', ctrlShift), 'devtools'],
    ['Ctrl+Shift+C', key('C', ctrlShift), 'devtools'],
    ['Ctrl+=', key('=', { control: true, code: 'Equal' }), 'zoom'],
    ['Ctrl++', key('+', { control: true, shift: true, code: 'Equal' }), 'zoom'],
    ['Ctrl+-', key('-', { control: true, code: 'Minus' }), 'zoom'],
    ['Ctrl+0', key('0', ctrl), 'zoom'],
    ['Ctrl+NumpadAdd', key('+', { control: true, code: 'NumpadAdd' }), 'zoom'],
    ['Ctrl+P', key('p', ctrl), 'print'],
    ['Ctrl+W', key('w', ctrl), 'close'],
    ['Ctrl+Q', key('q', ctrl), 'close'],
    ['Alt+F4', key('F4', { alt: true }), 'close'],
    ['F11', key('F11'), 'fullscreen'],
    ['Ctrl+U', key('u', ctrl), 'view-source'],
    ['Ctrl+F', key('f', ctrl), 'find'],
    ['Ctrl+S', key('s', ctrl), 'save'],
    ['Alt+Left', key('ArrowLeft', { alt: true }), 'navigation'],
    ['Alt+Right', key('ArrowRight', { alt: true }), 'navigation'],
    ['BrowserBack', key('BrowserBack'), 'navigation'],
    ['BrowserForward', key('BrowserForward'), 'navigation'],
  ])('swallows %s', (_name, input, reason) => {
    expect(blockedReason(input)).toBe(reason);
    expect(shouldBlockInput(input)).toBe(true);
  });

  it('recognises letters by code whatever the layout reports as key', () => {
    expect(shouldBlockInput({ ...key('к', ctrl), code: 'KeyR' })).toBe(true);
  });

  it.each<[string, KeyInput]>([
    ['a', key('a')],
    ['Z (Shift)', key('Z', { shift: true })],
    ['digit 7', key('7')],
    ['X of an ID number', key('X', { shift: true })],
    ['Enter', key('Enter')],
    ['NumpadEnter', key('Enter', { code: 'NumpadEnter' })],
    ['Tab', key('Tab')],
    ['Backspace', key('Backspace')],
    ['Delete', key('Delete')],
    ['Escape', key('Escape')],
    ['ArrowLeft', key('ArrowLeft')],
    ['Space', key(' ', { code: 'Space' })],
    ['minus', key('-', { code: 'Minus' })],
    ['plus', key('+', { shift: true, code: 'Equal' })],
    ['0', key('0')],
    ['Ctrl+A', key('a', ctrl)],
    ['Ctrl+C', key('c', ctrl)],
    ['Ctrl+V', key('v', ctrl)],
    ['Ctrl+X', key('x', ctrl)],
    ['Ctrl+Z', key('z', ctrl)],
    ['Ctrl+J (scanner line feed)', key('j', ctrl)],
    ['Ctrl+M (scanner carriage return)', key('m', ctrl)],
    ['Ctrl+] (GS1 group separator)', key(']', { control: true, code: 'BracketRight' })],
    ['Shift alone', key('Shift', { shift: true, code: 'ShiftLeft' })],
    ['Chinese IME composition key', key('Process', { code: 'KeyN' })],
  ])('passes %s', (_name, input) => {
    expect(shouldBlockInput(input)).toBe(false);
  });

  it('passes every plain and shifted letter and digit (a wedge scanner types them)', () => {
    for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789') {
      expect(shouldBlockInput(key(ch))).toBe(false);
      expect(shouldBlockInput(key(ch.toUpperCase(), { shift: true }))).toBe(false);
    }
  });
});
