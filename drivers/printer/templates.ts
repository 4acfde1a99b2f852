/**
 * Print templates: acceptance receipt (受理回执), missing-materials notice (一次性告知书), queue
 * ticket (排队小票) and the printer self-check page.
 *
 * Personal data goes in unmasked and is masked here (maskName, maskIdNumber, maskPhone), so no
 * caller can forget: paper leaves the hall. An organisation's name and code are public and print
 * in full; its agent (经办人) is a person and is masked. Times are shown in China Standard Time (UTC+8, no DST)
 * whatever the machine's time zone. Layout follows the printer grid: 48 columns on 80 mm, 32 on
 * 58 mm, CJK characters taking two.
 */
import { applicantName, maskIdNumber, maskName, maskPhone } from '../../common/identity/mask';
import type { GlyphRasterizer, PaperWidth } from './escpos-builder';
import { EscPosBuilder, PAPER, wrapText } from './escpos-builder';
import { displayWidth } from './gb18030';

export interface TemplateOptions {
  paperWidth: PaperWidth;
  /** Renders lines with four-byte GB18030 characters (rare name characters); without it they print as '?'. */
  rasterizer?: GlyphRasterizer;
  /** The printing time shown on the paper (default: now). */
  now?: Date;
}

/** A person as read from the ID card or typed in: unmasked. The templates mask it. */
export interface PersonInput {
  name: string;
  idNumber: string;
  /** Mobile number, if the receipt should show it (masked). */
  phone?: string;
}

/** The organisation an application is for (营业执照): public facts, printed in full. */
export interface OrganizationInput {
  name: string;
  /** 统一社会信用代码. */
  uscc: string;
}

export interface ReceivedMaterial {
  name: string;
  /** e.g. '原件', '复印件', '电子材料'. */
  form?: string;
  /** Number of copies / pages received. */
  copies?: number;
}

export interface AcceptanceReceiptData {
  /** e.g. '某某市某某区政务服务中心'. */
  hallName: string;
  serviceName: string;
  /** The applicant; for an organisation's application, its agent (经办人). */
  applicant: PersonInput;
  organization?: OrganizationInput;
  /** The kiosk's own reference, always present (works offline). */
  localReference: string;
  /** 办件编号 from the government service platform; absent while the platform has not answered (offline). */
  platformReceiptNumber?: string;
  receivedAt: Date;
  /** Promised completion date as a calendar date 'YYYY-MM-DD' (computed with working days elsewhere). */
  promisedCompletionDate?: string;
  /** Promised time limit in working days, shown next to the date. */
  promisedWorkingDays?: number;
  materials: ReceivedMaterial[];
  /** What happens next, one step per entry. */
  nextSteps: string[];
  /** Content of the QR code: a lookup URL or code. Default: the platform number, else the local reference. Never put personal data here. */
  lookupCode?: string;
  hotline: string;
}

export interface MissingMaterial {
  name: string;
  /** How to provide it: '携带原件到3号窗口', '通过“粤省事”上传', … */
  howToProvide: string;
  /** What the material must satisfy (optional). */
  requirement?: string;
}

export interface MissingMaterialsNoticeData {
  hallName: string;
  serviceName: string;
  /** The applicant; for an organisation's application, its agent (经办人). */
  applicant: PersonInput;
  organization?: OrganizationInput;
  /** The reference the supplement is filed under (local reference or 办件编号). */
  reference: string;
  issuedAt: Date;
  /** Still-missing materials; duplicates (same name) are listed once. Must not be empty. */
  missing: MissingMaterial[];
  /** Last day to supply them, 'YYYY-MM-DD'. */
  deadline: string;
  /** Legal basis line (default: 《中华人民共和国行政许可法》第三十二条). */
  legalBasis?: string;
  /** QR content for looking the case up (default: the reference). */
  lookupCode?: string;
  hotline: string;
}

export type QueuePriority = 'none' | 'priority' | 'appointment';

export interface QueueTicketData {
  hallName: string;
  /** e.g. 'A023'. */
  ticketNumber: string;
  /** Business category, e.g. '社保医保'. */
  category: string;
  peopleAhead: number;
  /** Estimated wait in minutes, if known. */
  estimatedWaitMinutes?: number;
  issuedAt: Date;
  /** 优先 (elderly, disabled, …) or 预约 (booked appointment). */
  priority?: QueuePriority;
  /** QR content, e.g. a queue-status URL (default: the ticket number). */
  qrData?: string;
  /** Shown at the bottom (default: a reminder to watch the call screen). */
  notice?: string;
}

export const DEFAULT_LEGAL_BASIS = '依据《中华人民共和国行政许可法》第三十二条，申请材料不齐全或者不符合法定形式的，应当一次告知申请人需要补正的全部内容。';

/** 受理回执. */
export function buildAcceptanceReceipt(data: AcceptanceReceiptData, options: TemplateOptions): Uint8Array {
  const doc = new Layout(options);
  doc.header(data.hallName, '受理回执');
  doc.center('（请妥善保管，凭此查询办理进度）');
  doc.rule();
  doc.field('办理事项', data.serviceName);
  doc.applicant(data.applicant, data.organization);
  doc.field('受理号', data.localReference);
  if (data.platformReceiptNumber) doc.field('办件编号', data.platformReceiptNumber);
  else {
    doc.b.bold(true);
    doc.field('办件编号', '离线受理 — 待上传');
    doc.b.bold(false);
    doc.paragraph('网络恢复后将自动上传政务服务平台并生成办件编号，期间可凭受理号查询。');
  }
  doc.field('受理时间', formatChinaDateTime(data.receivedAt));
  if (data.promisedCompletionDate) {
    const days = data.promisedWorkingDays !== undefined ? `（${data.promisedWorkingDays}个工作日）` : '';
    doc.field('承诺办结', `${data.promisedCompletionDate}${days}`);
  }
  doc.rule();
  doc.heading(`已收材料（${data.materials.length}项）`);
  if (data.materials.length === 0) doc.paragraph('无');
  data.materials.forEach((material, index) => {
    const detail = [material.form, material.copies !== undefined ? `${material.copies}份` : undefined].filter(Boolean).join(' ');
    doc.numbered(index + 1, detail ? `${material.name}（${detail}）` : material.name);
  });
  if (data.nextSteps.length > 0) {
    doc.rule();
    doc.heading('后续事项');
    data.nextSteps.forEach((step, index) => doc.numbered(index + 1, step));
  }
  doc.rule();
  doc.qr(data.lookupCode ?? data.platformReceiptNumber ?? data.localReference);
  doc.center('扫码或凭编号查询办理进度');
  doc.center(`咨询电话：${data.hotline}`);
  doc.footer();
  return doc.finish();
}

/** 一次性告知书: every still-missing material once, how to provide it, the deadline, the legal basis. */
export function buildMissingMaterialsNotice(data: MissingMaterialsNoticeData, options: TemplateOptions): Uint8Array {
  const missing = dedupeMaterials(data.missing);
  if (missing.length === 0) throw new RangeError('a missing-materials notice needs at least one missing material');
  const doc = new Layout(options);
  doc.header(data.hallName, '一次性告知书');
  doc.center('（申请材料补正）');
  doc.rule();
  doc.field('办理事项', data.serviceName);
  doc.applicant(data.applicant, data.organization);
  doc.field('受理号', data.reference);
  doc.field('告知时间', formatChinaDateTime(data.issuedAt));
  doc.rule();
  doc.paragraph(`经审查，您的申请材料尚不齐全。现一次性告知需补正的全部材料（共${missing.length}项）：`);
  missing.forEach((material, index) => {
    doc.b.bold(true);
    doc.numbered(index + 1, material.name);
    doc.b.bold(false);
    if (material.requirement) doc.indented(`要求：${material.requirement}`);
    doc.indented(`提供方式：${material.howToProvide}`);
  });
  doc.rule();
  doc.b.bold(true);
  doc.field('补正期限', `${data.deadline}前`);
  doc.b.bold(false);
  doc.paragraph('请在期限内一次补齐上述材料，补齐后按规定办理，无需重复提交已收材料。');
  doc.paragraph(data.legalBasis ?? DEFAULT_LEGAL_BASIS);
  doc.rule();
  doc.qr(data.lookupCode ?? data.reference);
  doc.center(`咨询电话：${data.hotline}`);
  doc.footer();
  return doc.finish();
}

/** 排队小票: the number very large, category, people ahead, estimated wait, time, QR, priority marker. */
export function buildQueueTicket(data: QueueTicketData, options: TemplateOptions): Uint8Array {
  const doc = new Layout(options);
  const { b, columns } = doc;
  b.align('center').bold(true);
  for (const line of wrapText(data.hallName, columns)) b.line(line);
  b.bold(false);
  for (const line of wrapText(data.category, columns)) b.line(line);
  doc.rule();
  if (data.priority === 'priority' || data.priority === 'appointment') {
    b.align('center').size(2, 2).bold(true).line(data.priority === 'priority' ? '【优先】' : '【预约】').bold(false).size(1, 1);
  }
  const numberWidth = Math.max(1, displayWidth(data.ticketNumber));
  const mul = Math.max(1, Math.min(options.paperWidth === 80 ? 6 : 4, Math.floor(columns / numberWidth)));
  b.align('center').size(mul, mul).bold(true).line(data.ticketNumber).bold(false).size(1, 1);
  b.newline();
  b.align('center').size(1, 2).line(`您前面还有 ${Math.max(0, Math.trunc(data.peopleAhead))} 人等候`).size(1, 1);
  if (data.estimatedWaitMinutes !== undefined) b.line(`预计等待约 ${Math.max(0, Math.round(data.estimatedWaitMinutes))} 分钟`);
  b.line(`取号时间：${formatChinaDateTime(data.issuedAt)}`);
  doc.rule();
  doc.qr(data.qrData ?? data.ticketNumber, options.paperWidth === 80 ? 5 : 4);
  b.align('center');
  for (const line of wrapText(data.notice ?? '请留意叫号屏幕和语音提示，过号请重新取号。', columns)) b.line(line);
  b.align('left').feed(4).cut('partial');
  return b.bytes();
}

/** Identifies the terminal on the self-check page (no personal data). */
export interface TestPageInfo {
  terminalId?: string;
  appVersion?: string;
}

/** Printer self-check page: width ruler, Chinese sample, four-byte sample, sizes, QR, barcode. */
export function buildTestPage(options: TemplateOptions): Uint8Array;
export function buildTestPage(info: TestPageInfo, options: TemplateOptions): Uint8Array;
export function buildTestPage(first: TestPageInfo | TemplateOptions, second?: TemplateOptions): Uint8Array {
  const options = second ?? (first as TemplateOptions);
  const info: TestPageInfo = second ? (first as TestPageInfo) : {};
  if (options.paperWidth !== 80 && options.paperWidth !== 58) throw new RangeError('buildTestPage needs options.paperWidth (80 or 58)');
  const doc = new Layout(options);
  const { b, columns } = doc;
  const geometry = PAPER[options.paperWidth];
  b.align('center').size(2, 2).bold(true).line('打印机自检页').bold(false).size(1, 1);
  b.line(`${options.paperWidth} mm · ${geometry.columns} 列 · ${geometry.dots} 点`);
  b.align('left');
  doc.rule();
  b.line(Array.from({ length: columns }, (_, i) => String((i + 1) % 10)).join(''));
  b.line('中'.repeat(Math.floor(columns / 2)));
  doc.rule();
  doc.paragraph('中文示例：政务服务便民利民，一网通办、一次办好。标点“引号”、——破折号。');
  b.line('四字节字：𠮷 𡈼 𩸽 𠀋');
  b.bold(true).line('粗体示例 Bold 123').bold(false);
  b.size(2, 2).line('倍宽倍高').size(1, 1);
  b.size(1, 2).line('倍高示例').size(1, 1);
  doc.rule();
  doc.qr('测试二维码 TEST-QR 中文内容 123');
  b.align('center').barcode128('TEST-0123456789', { height: 60 });
  b.align('center');
  if (info.terminalId) for (const line of wrapText(`终端：${info.terminalId}`, columns)) b.line(line);
  if (info.appVersion) for (const line of wrapText(`版本：${info.appVersion}`, columns)) b.line(line);
  b.line(`打印时间：${formatChinaDateTime(options.now ?? new Date())}`);
  b.align('left').feed(4).cut('partial');
  return b.bytes();
}

/** 'YYYY-MM-DD HH:mm' in China Standard Time (UTC+8). */
export function formatChinaDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('invalid date');
  const t = new Date(date.getTime() + 8 * 3600_000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

function dedupeMaterials(materials: readonly MissingMaterial[]): MissingMaterial[] {
  const byName = new Map<string, MissingMaterial>();
  for (const material of materials) {
    const key = material.name.trim();
    if (!key) continue;
    const seen = byName.get(key);
    if (!seen) {
      byName.set(key, { ...material, name: key });
      continue;
    }
    if (material.howToProvide && !seen.howToProvide.includes(material.howToProvide)) seen.howToProvide = `${seen.howToProvide}；${material.howToProvide}`;
    if (material.requirement && !(seen.requirement ?? '').includes(material.requirement)) seen.requirement = seen.requirement ? `${seen.requirement}；${material.requirement}` : material.requirement;
  }
  return [...byName.values()];
}

/** Layout helpers on top of the builder, shared by the templates. */
class Layout {
  readonly b: EscPosBuilder;
  readonly columns: number;
  private readonly now: Date;

  constructor(private readonly options: TemplateOptions) {
    this.b = new EscPosBuilder(options.rasterizer ? { paperWidth: options.paperWidth, rasterizer: options.rasterizer } : { paperWidth: options.paperWidth });
    this.columns = PAPER[options.paperWidth].columns;
    this.now = options.now ?? new Date();
    this.b.init();
  }

  header(hallName: string, title: string): void {
    this.b.align('center').bold(true);
    for (const line of wrapText(hallName, this.columns)) this.b.line(line);
    this.b.size(2, 2);
    for (const line of wrapText(title, Math.floor(this.columns / 2))) this.b.line(line);
    this.b.size(1, 1).bold(false);
  }

  center(text: string): void {
    this.b.align('center');
    for (const line of wrapText(text, this.columns)) this.b.line(line);
    this.b.align('left');
  }

  heading(text: string): void {
    this.b.align('left').bold(true);
    for (const line of wrapText(text, this.columns)) this.b.line(line);
    this.b.bold(false);
  }

  rule(): void {
    this.b.align('left').line('-'.repeat(this.columns));
  }

  /** Who applied: an organisation in full, then its agent; a person masked (name, ID number, phone). */
  applicant(person: PersonInput, organization?: OrganizationInput): void {
    if (organization) {
      this.field('申请单位', applicantName({ kind: 'organization', name: organization.name }));
      // The code on one line: the full label where it fits (80 mm), the short one on 58 mm.
      this.field(this.columns >= 36 ? '统一社会信用代码' : '信用代码', organization.uscc);
      this.field('经办人', maskName(person.name));
    } else this.field('申请人', applicantName({ kind: 'person', name: person.name }));
    this.field('证件号码', maskIdNumber(person.idNumber));
    if (person.phone) this.field('联系电话', maskPhone(person.phone));
  }

  /** "标签：值", the value wrapped with a hanging indent. */
  field(label: string, value: string): void {
    const prefix = `${label}：`;
    const indent = displayWidth(prefix);
    const valueColumns = this.columns - indent;
    this.b.align('left');
    if (valueColumns < 8) {
      this.paragraph(prefix + value);
      return;
    }
    wrapText(value, valueColumns).forEach((line, index) => this.b.line((index === 0 ? prefix : ' '.repeat(indent)) + line));
  }

  paragraph(text: string): void {
    this.b.align('left');
    for (const line of wrapText(text, this.columns)) this.b.line(line);
  }

  numbered(n: number, text: string): void {
    const prefix = `${n}. `;
    this.hanging(prefix, text);
  }

  indented(text: string): void {
    this.hanging('   ', text);
  }

  qr(data: string, moduleSize?: number): void {
    const size = moduleSize ?? (this.options.paperWidth === 80 ? 6 : 4);
    this.b.align('center').qr(data, { moduleSize: size, ecc: 'M' }).newline().align('left');
  }

  footer(): void {
    this.b.align('center').line(`打印时间：${formatChinaDateTime(this.now)}`).align('left');
  }

  finish(): Uint8Array {
    this.b.feed(4).cut('partial');
    return this.b.bytes();
  }

  private hanging(prefix: string, text: string): void {
    const indent = displayWidth(prefix);
    this.b.align('left');
    wrapText(text, this.columns - indent).forEach((line, index) => this.b.line((index === 0 ? prefix : ' '.repeat(indent)) + line));
  }
}
