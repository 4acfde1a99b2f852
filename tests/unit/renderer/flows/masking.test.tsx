import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { ApplicantSummary } from '../../../../renderer/src/screens/ApplyScreen';
import { personFromCard } from '../../../../renderer/src/flows/identify';
import { CARD } from './fixtures';

describe('identity on screen', () => {
  const person = personFromCard(CARD);
  it('is masked unless the citizen asks to check it', () => {
    const html = renderToStaticMarkup(
      <I18nProvider language="zh-CN">
        <ApplicantSummary applicant={person} reveal={false} />
      </I18nProvider>,
    );
    expect(html).toContain('林*怡');
    expect(html).toContain(`4401**********${CARD.idNumber.slice(-4)}`);
    expect(html).not.toContain('林嘉怡');
    expect(html).not.toContain(CARD.idNumber);
  });

  it('shows it in full on request', () => {
    const html = renderToStaticMarkup(
      <I18nProvider language="en">
        <ApplicantSummary applicant={person} reveal={true} />
      </I18nProvider>,
    );
    expect(html).toContain('林嘉怡');
    expect(html).toContain(CARD.idNumber);
  });
});
