import { describe, expect, it } from 'vitest';
import { autofill, formFields, formPayload, validateField, validateForm } from '../../../../renderer/src/flows/form-schema';
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
