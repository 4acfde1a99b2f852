import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nProvider } from '../../../../renderer/src/i18n/i18n';
import { ApplicantSummary, ReviewStep } from '../../../../renderer/src/screens/ApplyScreen';
import { applyMachineFor, type ApplyEvent } from '../../../../renderer/src/flows/apply';
import { run } from '../../../../renderer/src/flows/machine';
import { personFromCard, type OrganizationIdentity } from '../../../../renderer/src/flows/identify';
import { applicantName, maskIdNumber } from '../../../../common/identity/mask';
import { CARD, item } from './fixtures';

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

describe('the review', () => {
  // Identity is masked except where the citizen must check it: the review is that place.
  const m = applyMachineFor(item('社会保险参保缴费证明'));
  const events: ApplyEvent[] = [
    { type: 'INTAKE_OPEN' },
    { type: 'IDENTIFY', event: { type: 'AGREE', at: '2025-01-01T00:00:00Z' } },
    { type: 'IDENTIFY', event: { type: 'CARD', card: CARD } },
    { type: 'IDENTIFY', event: { type: 'CONFIRM_PERSON' } },
  ];
  const review = (values: Record<string, string> = {}) => {
    const s = run(m, events);
    return { ...s, step: 'review' as const, values: { ...s.values, ...values } };
  };
  const html = (state: ReturnType<typeof review>) =>
    renderToStaticMarkup(
      <I18nProvider language="zh-CN">
        <ReviewStep state={state} />
      </I18nProvider>,
    );

  it('shows the form as filled in and the applicant the form repeats in full, the same in both places', () => {
    const out = html(review({ phone: '13800138000' }));
    const panel = /data-testid="applicant-summary">(.*?)<\/dl>/.exec(out)![1]!;
    const form = /data-testid="review-form">(.*?)<\/dl>/.exec(out)![1]!;
    for (const part of [panel, form]) {
      expect(part).toContain('林嘉怡');
      expect(part).toContain(CARD.idNumber);
      expect(part).not.toContain('林*怡');
    }
    expect(form).toContain('13800138000');
    // Nothing left to reveal.
    expect(out).not.toContain('review-reveal');
  });

  it('keeps masked in the panel what the form does not repeat', () => {
    const out = html(review({ applicantName: '', idNumber: '' }));
    expect(out).toContain('林*怡');
    expect(out).not.toContain('林嘉怡');
    expect(out).not.toContain(CARD.idNumber);
    expect(out).toContain('review-reveal');
  });
});
