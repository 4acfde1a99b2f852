import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { ApplicantSummary } from '../../../../renderer/src/screens/ApplyScreen';
import { personFromCard, type OrganizationIdentity } from '../../../../renderer/src/flows/identify';
import { applicantName, maskIdNumber } from '../../../../common/identity/mask';
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

describe('an organisation applicant', () => {
  // The demo company (platform/demo/README.md, invented) and the demo card as its agent.
  const organization: OrganizationIdentity = { kind: 'organization', uscc: '91440106MA5H7K3Q6L', name: '广州天润示范商贸有限公司', usccWarning: false, agent: personFromCard(CARD) };

  it('the rule: an organisation is named in full, a person masked', () => {
    expect(applicantName(organization)).toBe('广州天润示范商贸有限公司');
    expect(applicantName({ kind: 'organization', name: ' 天润 ' })).toBe('天润');
    expect(applicantName(organization.agent)).toBe('林*怡');
    expect(applicantName({ kind: 'person', name: '张三' })).toBe('张*');
    expect(maskIdNumber(organization.agent.idNumber)).toBe(`4401**********${CARD.idNumber.slice(-4)}`);
  });

  it('is shown with its name and code in full and its agent masked', () => {
    const html = renderToStaticMarkup(
      <I18nProvider language="zh-CN">
        <ApplicantSummary applicant={organization} reveal={false} />
      </I18nProvider>,
    );
    expect(html).toContain('广州天润示范商贸有限公司');
    expect(html).toContain('91440106MA5H7K3Q6L');
    expect(html).toContain('林*怡');
    expect(html).not.toMatch(/广\*+司/);
    expect(html).not.toContain('林嘉怡');
    expect(html).not.toContain(CARD.idNumber);
  });
});
