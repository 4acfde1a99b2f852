import { describe, expect, it } from 'vitest';
import { run } from '../../../../renderer/src/flows/machine';
import { applyMachineFor, elderlyFieldsPerPage, reviewInFull, formPageOf, noticeStillToPrint, outstandingOf, visibleProblems, type ApplyEvent } from '../../../../renderer/src/flows/apply';
import { materialsPayload, outstandingMaterials, provisionOptions, addWorkingDays } from '../../../../renderer/src/flows/materials';
import { CARD, item } from './fixtures';

const OPEN: ApplyEvent = { type: 'INTAKE_OPEN' };
const AGREE: ApplyEvent = { type: 'IDENTIFY', event: { type: 'AGREE', at: '2025-01-01T00:00:00Z' } };
const CARD_IN: ApplyEvent = { type: 'IDENTIFY', event: { type: 'CARD', card: CARD } };
const CONFIRM: ApplyEvent = { type: 'IDENTIFY', event: { type: 'CONFIRM_PERSON' } };
const FIELD = (name: string, value: string): ApplyEvent => ({ type: 'FIELD', name, value });

describe('apply', () => {
  const sb = item('社会保险参保缴费证明');
  const m = applyMachineFor(sb);

  it('goes identify → form with the card pre-filled', () => {
    const s = run(m, [OPEN, AGREE, CARD_IN, CONFIRM]);
    expect(s.step).toBe('form');
    expect(s.values).toMatchObject({ applicantName: '林嘉怡', idNumber: CARD.idNumber });
    expect(s.autofilled).toEqual(['applicantName', 'idNumber']);
  });

  it('will not leave the form while a field is wrong, and shows every problem', () => {
    const s = run(m, [OPEN, AGREE, CARD_IN, CONFIRM, { type: 'NEXT' }]);
    expect(s.step).toBe('form');
    expect(s.touched).toHaveLength(6);
    const ok = run(m, [FIELD('startMonth', '2024-01'), FIELD('endMonth', '2024-12'), { type: 'FIELD', name: 'purpose', value: 'house' }, { type: 'NEXT' }], s);
    expect(ok.step).toBe('materials');
    expect(run(m, [{ type: 'FIELD', name: 'notAField', value: 'x' }], s)).toBe(s);
  });

  it('skips the 一次性告知 screen when nothing is outstanding, and hands in from review', () => {
    const s = run(m, [OPEN, AGREE, CARD_IN, CONFIRM, FIELD('startMonth', '2024-01'), FIELD('endMonth', '2024-12'), { type: 'FIELD', name: 'purpose', value: 'house' }, { type: 'NEXT' }, { type: 'NEXT' }]);
    expect(s.step).toBe('review');
    const submitting = m.transition(s, { type: 'SUBMIT' });
    expect(submitting.step).toBe('submitting');
    const printing = m.transition(submitting, { type: 'SUBMITTED', result: { submissionId: 'x', localReference: 'L-0000-20250101-0001', receivedAt: '2025-01-01T00:00:00Z' } });
    expect(printing).toMatchObject({ step: 'printing', reference: 'L-0000-20250101-0001' });
    const failed = m.transition(printing, { type: 'RECEIPT_PRINTED', outcome: { printed: false, reason: 'paper-out', message: 'x' } });
    expect(failed.step).toBe('done');
    expect(m.transition(failed, { type: 'REPRINT' }).step).toBe('printing');
    const refused = m.transition(submitting, { type: 'REFUSED', reason: 'disk-low', message: 'x' });
    expect(refused.step).toBe('refused');
    expect(m.transition(refused, { type: 'BACK' }).step).toBe('review');
  });

  it('checks the terminal takes applications before anything is identified', () => {
    // Nothing is read before the check answers.
    const checking = m.initial;
    expect(checking).toMatchObject({ step: 'identify', intake: 'checking' });
    expect(run(m, [AGREE, CARD_IN], checking)).toBe(checking);
    // Refused at the start: the refusal screen, nothing to go back to.
    const refused = m.transition(checking, { type: 'REFUSED', reason: 'storage-lost', message: 'x' });
    expect(refused).toMatchObject({ step: 'refused', refusal: { reason: 'storage-lost', at: 'start' }, applicant: null, values: {} });
    expect(m.transition(refused, { type: 'BACK' })).toBe(refused);
    expect(m.transition(refused, { type: 'INTAKE_OPEN' }).step).toBe('refused');
    // Open: identifying goes on as before.
    expect(run(m, [OPEN, AGREE, CARD_IN, CONFIRM]).step).toBe('form');
  });

  it('ends the flow on a refusal found before hand-in, dropping what was read', () => {
    const form = run(m, [OPEN, AGREE, CARD_IN, CONFIRM]);
    const refused = m.transition(form, { type: 'REFUSED', reason: 'disk-low', message: 'x' });
    expect(refused).toMatchObject({ step: 'refused', refusal: { at: 'start' }, applicant: null, values: {}, consentAt: null });
  });

  it('checks again at hand-in: refused there, back to the review with everything kept', () => {
    const review = run(m, [OPEN, AGREE, CARD_IN, CONFIRM, FIELD('startMonth', '2024-01'), FIELD('endMonth', '2024-12'), { type: 'FIELD', name: 'purpose', value: 'house' }, { type: 'NEXT' }, { type: 'NEXT' }]);
    const refused = run(m, [{ type: 'SUBMIT' }, { type: 'REFUSED', reason: 'storage-lost', message: 'x' }], review);
    expect(refused).toMatchObject({ step: 'refused', refusal: { reason: 'storage-lost', at: 'submit' } });
    const back = m.transition(refused, { type: 'BACK' });
    expect(back).toMatchObject({ step: 'review', refusal: null, values: review.values, applicant: review.applicant });
  });

  it('shows on the review in full what the citizen must check', () => {
    const form = run(m, [OPEN, AGREE, CARD_IN, CONFIRM]);
    // The form repeats the card's name and number: the panel shows them in full too.
    expect(reviewInFull(form)).toEqual({ name: true, idNumber: true });
    // A form that does not repeat them: the panel keeps them masked.
    expect(reviewInFull({ ...form, values: { ...form.values, applicantName: '', idNumber: '' } })).toEqual({ name: false, idNumber: false });
    expect(reviewInFull({ ...form, values: { ...form.values, applicantName: '林某某' } })).toEqual({ name: false, idNumber: true });
    expect(reviewInFull({ ...form, applicant: null })).toEqual({ name: false, idNumber: false });
  });

  it('lists what is still needed once, prints the notice once', () => {
    const elder = item('高龄老人津贴');
    const em = applyMachineFor(elder);
    let s = run(em, [OPEN, AGREE, CARD_IN, CONFIRM]);
    for (const f of s.fields) if (s.values[f.name] === undefined && f.required) s = em.transition(s, { type: 'TOUCH', name: f.name });
    s = { ...s, step: 'materials' };
    const paper = elder.materials.find((x) => provisionOptions(x).includes('paper-at-window') && !x.licenceType && x.necessity === 'required');
    if (paper) s = em.transition(s, { type: 'PROVIDE', code: paper.code, provision: 'paper-at-window' });
    s = em.transition(s, { type: 'NEXT' });
    if (outstandingOf(s).length > 0) {
      expect(s.step).toBe('outstanding');
      expect(noticeStillToPrint(s)).toBe(true);
      s = em.transition(s, { type: 'PRINT_NOTICE' });
      expect(s.notice).toBe('printing');
      expect(em.transition(s, { type: 'NEXT' })).toBe(s);
      s = em.transition(s, { type: 'NOTICE_PRINTED', reference: 'L-0000-20250101-0002', outcome: { printed: true } });
      expect(noticeStillToPrint(s)).toBe(false);
      expect(em.transition(s, { type: 'NEXT' }).step).toBe('review');
    }
    // A provision the material does not allow is ignored.
    const noLicence = elder.materials.find((x) => !x.licenceType)!;
    expect(em.transition({ ...s, step: 'materials' }, { type: 'PROVIDE', code: noLicence.code, provision: 'electronic-licence' }).provisions[noLicence.code]).toBe(s.provisions[noLicence.code]);
  });

  it('elderly mode: the form a page of three fields at a time, each page checked, nothing lost going back', () => {
    const paged = applyMachineFor(sb, elderlyFieldsPerPage(true));
    const NEXT: ApplyEvent = { type: 'NEXT' };
    const BACK: ApplyEvent = { type: 'BACK' };
    let s = run(paged, [OPEN, AGREE, CARD_IN, CONFIRM]);
    // applicantName, idNumber, startMonth | endMonth, purpose, phone
    expect(formPageOf(s)).toMatchObject({ index: 0, count: 2 });
    expect(formPageOf(s).fields.map((f) => f.name)).toEqual(['applicantName', 'idNumber', 'startMonth']);
    // Page 1 has a problem (startMonth): it stays, and only this page's problems are shown.
    s = paged.transition(s, NEXT);
    expect(s).toMatchObject({ step: 'form', formPage: 0 });
    expect(Object.keys(visibleProblems(s))).toEqual(['startMonth']);
    s = run(paged, [FIELD('startMonth', '2024-01'), NEXT], s);
    expect(formPageOf(s).index).toBe(1);
    expect(formPageOf(s).fields.map((f) => f.name)).toEqual(['endMonth', 'purpose', 'phone']);
    // Nothing of page 2 is shown as wrong before it is touched; the values of page 1 are kept.
    expect(visibleProblems(s)).toEqual({});
    s = run(paged, [FIELD('endMonth', '2024-12'), BACK], s);
    expect(s).toMatchObject({ step: 'form', formPage: 0 });
    expect(s.values).toMatchObject({ applicantName: '林嘉怡', startMonth: '2024-01', endMonth: '2024-12' });
    // The last page's 下一步 checks the whole form: purpose is missing.
    s = run(paged, [NEXT, NEXT], s);
    expect(s).toMatchObject({ step: 'form', formPage: 1 });
    expect(Object.keys(visibleProblems(s))).toEqual(['purpose']);
    s = run(paged, [{ type: 'FIELD', name: 'purpose', value: 'house' }, NEXT], s);
    expect(s.step).toBe('materials');
    // Back from the materials lands on the last page, as it was left; back from page 1 is identifying.
    s = paged.transition(s, BACK);
    expect(s).toMatchObject({ step: 'form', formPage: 1 });
    expect(s.values).toMatchObject({ startMonth: '2024-01', endMonth: '2024-12', purpose: 'house' });
    expect(run(paged, [BACK, BACK], s).step).toBe('identify');
  });

  it('elderly mode switched on or off, or the screen turned, mid-form keeps the fields in view and every value', () => {
    expect(elderlyFieldsPerPage(true)).toBe(3);
    expect(elderlyFieldsPerPage(false)).toBe(2);
    let s = run(m, [OPEN, AGREE, CARD_IN, CONFIRM, FIELD('startMonth', '2024-01')]);
    expect(formPageOf(s)).toMatchObject({ index: 0, count: 1 });
    expect(m.transition(s, { type: 'PAGING', perPage: null })).toBe(s);
    s = run(m, [{ type: 'PAGING', perPage: 3 }, { type: 'NEXT' }], s);
    expect(formPageOf(s)).toMatchObject({ index: 1, count: 2 });
    // Off again on page 2: one page, all fields, values kept.
    s = m.transition(s, { type: 'PAGING', perPage: null });
    expect(formPageOf(s)).toMatchObject({ index: 0, count: 1 });
    expect(s.values.startMonth).toBe('2024-01');
    // On again: back on the page with the first field that was shown (page 1).
    expect(formPageOf(m.transition(s, { type: 'PAGING', perPage: 3 })).index).toBe(0);
    // A form changed under the review: back to the first page with a problem.
    const review = { ...run(m, [{ type: 'PAGING', perPage: 3 }], s), step: 'review' as const, values: { ...s.values, endMonth: '2024-12' } };
    expect(m.transition(review, { type: 'SUBMIT' })).toMatchObject({ step: 'form', formPage: 1 });
  });

  it('declining the privacy notice ends the flow', () => {
    expect(run(m, [OPEN, { type: 'IDENTIFY', event: { type: 'DECLINE' } }]).step).toBe('declined');
  });
});

describe('materials', () => {
  it('offers licence, commitment, paper, 容缺 and not-applicable where they apply', () => {
    const all = item('高龄老人津贴').materials.concat(item('居住证签注').materials);
    for (const mat of all) {
      const options = provisionOptions(mat);
      expect(options.includes('electronic-licence')).toBe(Boolean(mat.licenceType));
      expect(options.includes('commitment')).toBe(Boolean(mat.commitmentAllowed));
      expect(options.includes('tolerated')).toBe(mat.necessity === 'tolerated');
      expect(options.includes('not-needed')).toBe(mat.necessity === 'conditional');
      expect(options).toContain('paper-at-window');
    }
  });

  it('computes outstanding and the payload', () => {
    const mats = [
      { code: 'a', name: '甲', necessity: 'required' as const, copies: 1 },
      { code: 'b', name: '乙', necessity: 'tolerated' as const, copies: 1 },
      { code: 'c', name: '丙', necessity: 'conditional' as const, copies: 1 },
      { code: 'd', name: '甲', necessity: 'required' as const, copies: 2 },
    ];
    const provisions = { a: 'paper-at-window', b: 'tolerated', c: 'not-needed', d: 'paper-at-window' } as const;
    expect(outstandingMaterials(mats, provisions).map((x) => x.name)).toEqual(['甲', '乙']);
    expect(materialsPayload(mats, provisions).map((x) => x.code)).toEqual(['a', 'b', 'd']);
  });

  it('adds working days over a weekend', () => {
    expect(addWorkingDays('2025-01-03', 1)).toBe('2025-01-06');
    expect(addWorkingDays('2025-01-03', 0)).toBe('2025-01-03');
  });
});
