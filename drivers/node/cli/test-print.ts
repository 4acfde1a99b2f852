/**
 * The jobs `kiosk-devices printer test` prints: each template with invented data (no real person;
 * the templates mask names and numbers anyway). Four-byte GB18030 characters print as '?' here: the
 * CLI does not load the canvas rasterizer, to stay fast and independent of @napi-rs/canvas.
 */
import { buildAcceptanceReceipt, buildMissingMaterialsNotice, buildQueueTicket, buildTestPage } from '../../printer/index';

export type TestTemplate = 'receipt' | 'notice' | 'ticket' | 'test';

const HALL = '示例市示例区政务服务中心（测试）';
const PERSON = { name: '测试员', idNumber: '11010519491231002X', phone: '13800000000' };

export function buildTestJob(template: TestTemplate, paperWidth: 80 | 58, now: Date = new Date()): Uint8Array {
  const options = { paperWidth, now };
  switch (template) {
    case 'receipt':
      return buildAcceptanceReceipt(
        {
          hallName: HALL,
          serviceName: '打印测试：居民身份证换领（示例）',
          applicant: PERSON,
          localReference: 'TEST-R-0001',
          receivedAt: now,
          promisedWorkingDays: 5,
          materials: [
            { name: '居民身份证', form: '原件', copies: 1 },
            { name: '户口簿', form: '复印件', copies: 1 },
          ],
          nextSteps: ['这是一张测试回执，不是真实办件。', '如打印正常，请撕下并丢弃。'],
          hotline: '12345',
        },
        options,
      );
    case 'notice':
      return buildMissingMaterialsNotice(
        {
          hallName: HALL,
          serviceName: '打印测试：营业执照变更（示例）',
          applicant: PERSON,
          reference: 'TEST-N-0001',
          issuedAt: now,
          missing: [{ name: '股东会决议', howToProvide: '携带原件到3号窗口（测试）' }],
          deadline: '2099-12-31',
          hotline: '12345',
        },
        options,
      );
    case 'ticket':
      return buildQueueTicket({ hallName: HALL, ticketNumber: 'T001', category: '打印测试', peopleAhead: 0, issuedAt: now }, options);
    case 'test':
      return buildTestPage(options);
  }
}
