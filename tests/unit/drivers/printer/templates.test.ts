import { describe, expect, it } from 'vitest';
import { withIdCheckChar } from '../../../../common/identity/check-digits';
import {
  EscPosSimulator,
  buildAcceptanceReceipt,
  buildMissingMaterialsNotice,
  buildQueueTicket,
  buildTestPage,
  encodeGb18030,
  formatChinaDateTime,
  textOf,
} from '../../../../drivers/printer';
import type { AcceptanceReceiptData, MissingMaterialsNoticeData, PrintedDocument, TextBlock } from '../../../../drivers/printer';
import { fakeRasterizer, hex, indexOfBytes } from './helpers';

// Invented people and numbers.
const ID = withIdCheckChar('44010619900307123');
const NOW = new Date('2025-03-05T02:23:00Z'); // 10:23 in Beijing

const receiptData = (overrides: Partial<AcceptanceReceiptData> = {}): AcceptanceReceiptData => ({
  hallName: '示例市示例区政务服务中心',
  serviceName: '城乡居民基本养老保险参保登记',
  applicant: { name: '林晓雨', idNumber: ID, phone: '13800001234' },
  localReference: 'SL-20250305-0012',
  receivedAt: NOW,
  promisedCompletionDate: '2025-03-19',
  promisedWorkingDays: 10,
  materials: [{ name: '居民身份证', form: '原件', copies: 1 }, { name: '户口簿', form: '复印件', copies: 1 }],
  nextSteps: ['窗口工作人员将在1个工作日内审核材料'],
  hotline: '12345',
  ...overrides,
});

function print(bytes: Uint8Array, paperWidth: 80 | 58 = 80): PrintedDocument {
  const sim = new EscPosSimulator({ paperWidth });
  sim.receive(bytes);
  expect(sim.printed).toHaveLength(1);
  return sim.printed[0]!;
}

function expectNoPersonalData(bytes: Uint8Array, secrets: string[]): void {
  for (const secret of secrets) {
    expect(indexOfBytes(bytes, encodeGb18030(secret)), `GB18030 "${secret}"`).toBe(-1);
    expect(indexOfBytes(bytes, new TextEncoder().encode(secret)), `UTF-8 "${secret}"`).toBe(-1);
  }
}

describe('acceptance receipt (受理回执)', () => {
  it('has every element, with the applicant masked', () => {
    const bytes = buildAcceptanceReceipt(receiptData({ platformReceiptNumber: '11440106MB2C0001' }), { paperWidth: 80, now: NOW });
    const text = textOf(print(bytes));
    for (const expected of [
      '示例市示例区政务服务中心',
      '受理回执',
      '办理事项：城乡居民基本养老保险参保登记',
      '申请人：林*雨',
      `证件号码：4401**********${ID.slice(-4)}`,
      '联系电话：138****1234',
      '受理号：SL-20250305-0012',
      '办件编号：11440106MB2C0001',
      '受理时间：2025-03-05 10:23',
      '承诺办结：2025-03-19（10个工作日）',
      '1. 居民身份证（原件 1份）',
      '1. 窗口工作人员将在1个工作日内审核材料',
      '[QR:11440106MB2C0001]',
      '咨询电话：12345',
    ]) expect(text).toContain(expected);
    expect(text).not.toContain('待上传');
    expectNoPersonalData(bytes, ['林晓雨', '晓', ID, ID.slice(4, 14), '13800001234']);
  });

  it('says offline — 待上传 when the platform has not answered, and the QR falls back to the local reference', () => {
    const text = textOf(print(buildAcceptanceReceipt(receiptData(), { paperWidth: 58, now: NOW }), 58));
    expect(text).toContain('离线受理 — 待上传');
    expect(text).toContain('[QR:SL-20250305-0012]');
  });

  it('stores a Chinese lookup code in the QR by its UTF-8 byte length', () => {
    const lookupCode = '查询:SL-0012';
    const bytes = buildAcceptanceReceipt(receiptData({ lookupCode }), { paperWidth: 80, now: NOW });
    const payload = new TextEncoder().encode(lookupCode); // 6 + 8 = 14 bytes, 10 UTF-16 units
    expect(payload.length).toBe(14);
    const store = Uint8Array.from([0x1d, 0x28, 0x6b, 17, 0x00, 0x31, 0x50, 0x30, ...payload]);
    expect(indexOfBytes(bytes, store)).toBeGreaterThan(0);
  });

  it('ends with a feed and a partial cut', () => {
    const bytes = buildAcceptanceReceipt(receiptData(), { paperWidth: 80, now: NOW });
    expect(hex(bytes.subarray(-6))).toBe('1B64041D5601');
    expect(hex(bytes.subarray(0, 4))).toBe('1B401C26');
  });

  it('rasterises a rare name character — the rasterizer only ever sees masked text', () => {
    const rasterizer = fakeRasterizer();
    const bytes = buildAcceptanceReceipt(receiptData({ applicant: { name: '𠮷晓雨', idNumber: ID } }), { paperWidth: 80, rasterizer, now: NOW });
    expect(rasterizer.calls.map((c) => c.text)).toEqual(['申请人：𠮷*雨']);
    expect(indexOfBytes(bytes, encodeGb18030('𠮷'))).toBe(-1);
    expectNoPersonalData(bytes, ['晓雨', ID]);
    expect(textOf(print(bytes))).toContain('[IMAGE 576x30]');
  });

  it('fits every line on the paper (the printer never has to wrap)', () => {
    for (const paperWidth of [80, 58] as const) {
      const doc = print(buildAcceptanceReceipt(receiptData({ serviceName: '因病或非因工致残完全丧失劳动能力鉴定申请及基本养老保险待遇领取资格确认'.repeat(2) }), { paperWidth, now: NOW }), paperWidth);
      const wrapped = doc.blocks.filter((b): b is TextBlock => b.kind === 'text' && b.autoWrapped);
      expect(wrapped).toEqual([]);
    }
  });
});

describe('missing-materials notice (一次性告知书)', () => {
  const data: MissingMaterialsNoticeData = {
    hallName: '示例市政务服务中心',
    serviceName: '不动产登记',
    applicant: { name: '欧阳春华', idNumber: ID },
    reference: 'SL-20250305-0020',
    issuedAt: NOW,
    missing: [
      { name: '婚姻关系证明', howToProvide: '携带原件到3号窗口' },
      { name: '完税证明', howToProvide: '通过政务服务网上传', requirement: '加盖税务机关印章' },
      { name: '婚姻关系证明', howToProvide: '携带原件到3号窗口' },
    ],
    deadline: '2025-03-12',
    hotline: '12345',
  };

  it('lists every missing material once, how to provide it, the deadline and the legal basis', () => {
    const bytes = buildMissingMaterialsNotice(data, { paperWidth: 80, now: NOW });
    const text = textOf(print(bytes));
    expect(text).toContain('一次性告知书');
    expect(text).toContain('申请人：欧**华');
    expect(text).toContain('共2项');
    expect(text.match(/婚姻关系证明/g)).toHaveLength(1);
    expect(text).toContain('1. 婚姻关系证明');
    expect(text).toContain('提供方式：携带原件到3号窗口');
    expect(text).toContain('2. 完税证明');
    expect(text).toContain('要求：加盖税务机关印章');
    expect(text).toContain('补正期限：2025-03-12前');
    expect(text).toContain('《中华人民共和国行政许可法》第三十二条');
    expectNoPersonalData(bytes, ['欧阳春华', '阳春', ID]);
  });

  it('refuses an empty list', () => {
    expect(() => buildMissingMaterialsNotice({ ...data, missing: [] }, { paperWidth: 80 })).toThrow(RangeError);
  });

  it("prints an organisation's name and code in full and masks only its agent", () => {
    // Invented company and agent; the code's check character is valid.
    const organization = { name: '广州示例天和商贸有限公司', uscc: '91440106MA5H7K3Q6L' };
    for (const paperWidth of [80, 58] as const) {
      const orgData = { ...data, applicant: { name: '黄伟强', idNumber: ID, phone: '13900139000' }, organization };
      for (const bytes of [buildMissingMaterialsNotice(orgData, { paperWidth, now: NOW }), buildAcceptanceReceipt(receiptData(orgData), { paperWidth, now: NOW })]) {
        const doc = print(bytes, paperWidth);
        const text = textOf(doc);
        expect(text).toContain(`申请单位：${organization.name.slice(0, 8)}`);
        expect(text.replace(/\s+/g, '')).toContain(`申请单位：${organization.name}`);
        expect(text).toContain(`${paperWidth === 80 ? '统一社会信用代码' : '信用代码'}：${organization.uscc}`);
        expect(text).toContain('经办人：黄*强');
        expect(text).toContain(`证件号码：4401**********${ID.slice(-4)}`);
        expect(text).toContain('联系电话：139****9000');
        expect(text).not.toContain('申请人：');
        expect(text).not.toMatch(/广\*+司/);
        expectNoPersonalData(bytes, ['黄伟强', '伟', ID, '13900139000']);
        expect(doc.blocks.filter((b): b is TextBlock => b.kind === 'text' && b.autoWrapped)).toEqual([]);
      }
    }
  });
});

describe('queue ticket', () => {
  it('prints the number very large, with priority marker, people ahead and wait', () => {
    const bytes = buildQueueTicket(
      { hallName: '示例市政务服务中心', ticketNumber: 'A023', category: '社保医保', peopleAhead: 7, estimatedWaitMinutes: 21, issuedAt: NOW, priority: 'appointment' },
      { paperWidth: 80, now: NOW },
    );
    // GS ! 0x55 (6 × 6) then the number.
    expect(indexOfBytes(bytes, [0x1d, 0x21, 0x55, 0x1b, 0x45, 0x01, 0x41, 0x30, 0x32, 0x33, 0x0a])).toBeGreaterThan(0);
    const doc = print(bytes);
    const number = doc.blocks.find((b): b is TextBlock => b.kind === 'text' && b.text === 'A023');
    expect(number).toMatchObject({ widthMul: 6, heightMul: 6, bold: true, align: 'center' });
    const text = textOf(doc);
    expect(text).toContain('【预约】');
    expect(text).toContain('您前面还有 7 人等候');
    expect(text).toContain('预计等待约 21 分钟');
    expect(text).toContain('取号时间：2025-03-05 10:23');
    expect(text).toContain('[QR:A023]');
  });

  it('scales the number down to fit 58 mm', () => {
    const bytes = buildQueueTicket({ hallName: '大厅', ticketNumber: 'B1234567', category: '综合', peopleAhead: 0, issuedAt: NOW, priority: 'priority' }, { paperWidth: 58 });
    const doc = print(bytes, 58);
    const number = doc.blocks.find((b): b is TextBlock => b.kind === 'text' && b.text === 'B1234567');
    expect(number?.widthMul).toBe(4);
    expect(number?.autoWrapped).toBe(false);
    expect(textOf(doc)).toContain('【优先】');
  });
});

describe('test page', () => {
  it('has the width ruler, Chinese and four-byte samples, QR and barcode', () => {
    const rasterizer = fakeRasterizer();
    const doc = print(buildTestPage({ terminalId: 'KIOSK-TEST-01' }, { paperWidth: 58, rasterizer, now: NOW }), 58);
    const text = textOf(doc);
    expect(text).toContain('12345678901234567890123456789012\n');
    expect(text).toContain('中'.repeat(16));
    expect(text).toContain('政务服务');
    expect(rasterizer.calls.map((c) => c.text)).toEqual(['四字节字：𠮷 𡈼 𩸽 𠀋']);
    expect(text).toContain('[QR:测试二维码 TEST-QR 中文内容 123]');
    expect(text).toContain('[BARCODE:TEST-0123456789]');
    expect(text).toContain('终端：KIOSK-TEST-01');
    expect(doc.blocks.some((b) => b.kind === 'text' && b.autoWrapped)).toBe(false);
  });

  it('works with options only, too', () => {
    expect(textOf(print(buildTestPage({ paperWidth: 80, now: NOW })))).toContain('80 mm · 48 列 · 576 点');
  });
});

describe('formatChinaDateTime', () => {
  it('shows Beijing time whatever the machine time zone', () => {
    expect(formatChinaDateTime(new Date('2024-12-31T16:05:00Z'))).toBe('2025-01-01 00:05');
    expect(() => formatChinaDateTime(new Date('nope'))).toThrow(RangeError);
  });
});
