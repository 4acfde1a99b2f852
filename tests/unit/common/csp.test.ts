import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from '../../../common/security/csp';

describe('content security policy', () => {
  it('allows only the app itself to run code, and nothing remote', () => {
    const csp = buildContentSecurityPolicy({ connectSources: ['ws://127.0.0.1:41234'] });
    const directives = Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:41234']);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-inline|https?:\/\/(?!127\.0\.0\.1)/);
  });
});
