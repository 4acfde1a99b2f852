// Rendered to static markup in Node (no DOM here): no native input, named keys, test ids.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { KeyboardField, OnScreenKeyboard } from '../../../../renderer/src/keyboard';
import { ElderlyModeProvider } from '../../../../renderer/src/session/elderly-mode';

const noop = () => undefined;

describe('markup', () => {
  it('the field is a read-only textbox, never an <input>', () => {
    const html = renderToStaticMarkup(<KeyboardField label="姓名" value="张三" onChange={noop} mode="pinyin" testId="field-name" />);
    expect(html).not.toMatch(/<input|<textarea|contenteditable/i);
    expect(html).toContain('role="textbox"');
    expect(html).toContain('aria-readonly="true"');
    expect(html).toContain('data-testid="field-name"');
    expect(html).toContain('张三');
  });

  it('the keyboard has the keys with test ids and accessible names, in both languages', () => {
    for (const [language, done, del] of [
      ['zh-CN', '完成', '删除'],
      ['en', 'Done', 'Delete'],
    ] as const) {
      const html = renderToStaticMarkup(
        <I18nProvider language={language}>
          <ElderlyModeProvider elderly>
            <OnScreenKeyboard mode="pinyin" value="" onChange={noop} onDone={noop} label="姓名" />
          </ElderlyModeProvider>
        </I18nProvider>,
      );
      expect(html).not.toMatch(/<input|<textarea/i);
      for (const id of ['key-q', 'key-m', 'key-backspace', 'key-done', 'key-space', 'key-clear', 'candidate-bar', 'key-mode-letters']) expect(html).toContain(`data-testid="${id}"`);
      expect(html).toContain(`aria-label="${del}"`);
      expect(html).toContain(`>${done}<`);
    }
  });

  it('the id-number keypad shows how many digits remain and disables X until the 18th', () => {
    const html = renderToStaticMarkup(<OnScreenKeyboard mode="id-number" value="4401" onChange={noop} onDone={noop} />);
    expect(html).toContain('还需输入 14 位');
    expect(html).toMatch(/<button[^>]*data-testid="key-X"[^>]*disabled=""|<button[^>]*disabled=""[^>]*data-testid="key-X"/);
    expect(html).not.toContain('candidate-bar');
  });
});
