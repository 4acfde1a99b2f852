import { describe, expect, it } from 'vitest';
import { autofill, formFields, formPayload, pageFields, validateField, validateForm } from '../../../../renderer/src/flows/form-schema';
import { autofillSource, personFromCard } from '../../../../renderer/src/flows/identify';
import { CARD, catalog, item } from './fixtures';

describe('forms from the JSON Schema of an item', () => {
  const sb = item('社会保险参保缴费证明');
  const fields = formFields(sb.form.schema, sb.form.fieldOrder);

  it('follows fieldOrder and reads titles, required, patterns and oneOf choices', () => {
    expect(fields.map((f) => f.name)).toEqual(['applicantName', 'idNumber', 'startMonth', 'endMonth', 'purpose', 'phone']);
    const purpose = fields.find((f) => f.name === 'purpose')!;
    expect(purpose.kind).toBe('choice');
    expect(purpose.options?.map((o) => o.label)).toContain('购房/贷款');
    expect(fields.find((f) => f.name === 'phone')).toMatchObject({ required: false, keyboard: 'phone' });
    expect(fields.find((f) => f.name === 'idNumber')?.keyboard).toBe('id-number');
    expect(fields.find((f) => f.name === 'startMonth')?.keyboard).toBe('digits');
  });

  it('says how to fix each problem', () => {
    const by = (name: string) => fields.find((f) => f.name === name)!;
    expect(validateField(by('startMonth'), '')).toEqual({ code: 'required' });
    expect(validateField(by('startMonth'), '2024-13')).toEqual({ code: 'year-month' });
    expect(validateField(by('startMonth'), '2024-01')).toBeNull();
    expect(validateField(by('phone'), '')).toBeNull();
    expect(validateField(by('phone'), '1380013800')).toEqual({ code: 'phone' });
    expect(validateField(by('idNumber'), '440106199203071280')).toEqual({ code: 'id-number', problem: 'check-digit' });
    expect(validateField(by('applicantName'), '林')).toEqual({ code: 'too-short', min: 2 });
    expect(validateField(by('purpose'), 'nope')).toEqual({ code: 'choice' });
  });

  it('pre-fills from the identity card (一证通办), and only valid values', () => {
    const values = autofill(fields, sb.form.autofill, autofillSource(personFromCard(CARD)));
    expect(values).toEqual({ applicantName: '林嘉怡', idNumber: CARD.idNumber });
    expect(Object.keys(validateForm(fields, values)).sort()).toEqual(['endMonth', 'purpose', 'startMonth']);
  });

  it('handles integer, boolean and date fields, and builds the payload', () => {
    const yb = item('城乡居民基本医疗保险');
    const ybFields = formFields(yb.form.schema, yb.form.fieldOrder);
    const year = ybFields.find((f) => f.name === 'year')!;
    expect(year.kind).toBe('integer');
    expect(validateField(year, '20x5')).toMatchObject({ code: 'integer' });
    const gjj = item('离休、退休');
    const close = formFields(gjj.form.schema).find((f) => f.name === 'closeAccount')!;
    expect(close.kind).toBe('boolean');
    expect(validateField(close, undefined)).toBeNull();
    const sy = item('失业保险金');
    const leave = formFields(sy.form.schema).find((f) => f.name === 'leaveDate')!;
    expect(validateField(leave, '2024-02-30')).toEqual({ code: 'date' });
    expect(validateField(leave, '2024-02-29')).toBeNull();
    expect(formPayload(ybFields, { year: '2025', idNumber: '44010619920307128x', address: '' })).toEqual({ year: 2025, idNumber: '44010619920307128X' });
  });

  it('every form in the demo catalog is within the supported subset', () => {
    for (const i of catalog.items) {
      const fs = formFields(i.form.schema, i.form.fieldOrder);
      expect(fs.length).toBe(Object.keys((i.form.schema as { properties: object }).properties).length);
      for (const f of fs) expect(['text', 'choice', 'boolean', 'integer', 'date']).toContain(f.kind);
    }
  });
});

describe('the form a page at a time (elderly mode)', () => {
  it('puts at most perPage fields on a page, the pages as even as possible, in order', () => {
    const n = (count: number) => Array.from({ length: count }, (_, i) => i);
    expect(pageFields(n(6), 3)).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(pageFields(n(7), 3)).toEqual([[0, 1, 2], [3, 4], [5, 6]]);
    expect(pageFields(n(5), 3)).toEqual([[0, 1, 2], [3, 4]]);
    expect(pageFields(n(3), 3)).toEqual([[0, 1, 2]]);
    expect(pageFields(n(6), null)).toEqual([n(6)]);
    expect(pageFields([], 3)).toEqual([[]]);
    for (let count = 1; count <= 12; count += 1)
      for (const perPage of [2, 3]) {
        const pages = pageFields(n(count), perPage);
        expect(pages.flat()).toEqual(n(count));
        expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(perPage);
        expect(Math.max(...pages.map((p) => p.length)) - Math.min(...pages.map((p) => p.length))).toBeLessThanOrEqual(1);
        expect(pages).toHaveLength(Math.ceil(count / perPage));
      }
  });

  it('pages every form of the demo catalog into 2–3 fields a page', () => {
    for (const it of catalog.items) {
      const pages = pageFields(formFields(it.form.schema, it.form.fieldOrder), 3);
      for (const page of pages) expect(page.length, it.name).toBeLessThanOrEqual(3);
      if (pages.length > 1) for (const page of pages) expect(page.length, it.name).toBeGreaterThanOrEqual(2);
    }
  });
});
