/**
 * The submission the outbox tests and benchmarks send: an invented person with a valid check digit,
 * for the fixture catalog's item. Pure (no Node, no DOM), so the Node rig and the browser harness
 * page share it.
 */
import { withIdCheckChar } from '../../common/identity/check-digits';

export const ITEM_CODE = '11440100000000001X3440100001000';

let personSerial = 0;

/** A submission body for an invented person (valid check digit), with these attachment hashes. */
export function submissionBody(terminalId: string, localReference: string, attachmentHashes: string[] = []): Record<string, unknown> {
  personSerial += 1;
  const idNumber = withIdCheckChar(`4401061990${String(1 + (personSerial % 12)).padStart(2, '0')}${String(1 + (personSerial % 28)).padStart(2, '0')}${String(personSerial % 1000).padStart(3, '0')}`);
  return {
    serviceCode: ITEM_CODE,
    catalogVersion: 'test',
    terminalId,
    localReference,
    createdAt: new Date().toISOString(),
    channel: 'kiosk',
    applicant: { kind: 'person', name: '测试申请人', idType: 'resident-id', idNumber, source: 'card-reader' },
    form: { applicantName: '测试申请人', months: 6 },
    materials: [
      { code: 'M1', provision: 'electronic-licence' },
      attachmentHashes.length > 0 ? { code: 'M2', provision: 'attached', attachments: attachmentHashes } : { code: 'M2', provision: 'paper-at-window' },
    ],
    consent: { noticeVersion: 'v1', agreedAt: new Date().toISOString() },
  };
}
