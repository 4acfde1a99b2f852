import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { IdleGuard } from '../../../../renderer/src/session';

describe('IdleGuard', () => {
  it('shows nothing until the countdown', () => {
    expect(renderToStaticMarkup(<IdleGuard timeoutSeconds={120} onReset={() => undefined} />)).toBe('');
  });
});
