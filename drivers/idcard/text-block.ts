/**
 * The 256-byte text block of a second-generation identity card (and of the HK/Macao/Taiwan
 * residence permit and the foreign permanent resident ID cards, which reuse the same block with
 * other layouts). UCS-2 little-endian, every field padded with U+0020.
 *
 * Layouts (byte offsets, see shared/reference/device-protocols.md §1):
 *   resident  name 0–29, sex 30, nation 32–35, birth 36–51, address 52–121, id 122–157,
 *             authority 158–187, valid from 188–203, valid to 204–219 (or 长期)
 *   'J'       as resident, nation reserved; pass no. 220–237, issue count 238–241, type 248
 *   'Y' 2023  Chinese name 0–29, sex 30, renewal count 32–35, birth 36–51, English name part 1
 *             52–121, id 122–157, valid 188/204, English name part 2 220–241, nationality
 *             242–247, type 248, previous permit 250–255 (provisional: a single source)
 *   'I' 2017  English name 0–119, sex 120, permit no. 122–151, nationality 152–157, Chinese name
 *             158–187, valid 188/204, birth 220–235, card version 236–239, authority code 240–247
 *
 * Personal data never goes into error messages: only field names.
 */
import type { IdCard } from '../../common/identity/id-card';
import { SamError } from './status-codes';
import { nationName } from './nations';

/** An IdCard without its photo, keeping each card type's own fields (a distributive Omit). */
export type CardText = IdCard extends infer C ? (C extends unknown ? Omit<C, 'photo'> : never) : never;

export const TEXT_BLOCK_LENGTH = 256;

interface Field {
  offset: number;
  /** In bytes; a field holds length / 2 UTF-16 code units. */
  length: number;
}
const f = (offset: number, length: number): Field => ({ offset, length });

const TYPE_FIELD = f(248, 2);

const RESIDENT = {
  name: f(0, 30),
  sex: f(30, 2),
  nation: f(32, 4),
  birthDate: f(36, 16),
  address: f(52, 70),
  idNumber: f(122, 36),
  authority: f(158, 30),
  validFrom: f(188, 16),
  validUntil: f(204, 16),
};

const HMT = {
  ...RESIDENT,
  passNumber: f(220, 18),
  issueCount: f(238, 4),
};

const FOREIGN_2023 = {
  name: f(0, 30),
  sex: f(30, 2),
  renewalCount: f(32, 4),
  birthDate: f(36, 16),
  englishName1: f(52, 70),
  idNumber: f(122, 36),
  validFrom: f(188, 16),
  validUntil: f(204, 16),
  englishName2: f(220, 22),
  nationality: f(242, 6),
};

const FOREIGN_2017 = {
  englishName: f(0, 120),
  sex: f(120, 2),
  idNumber: f(122, 30),
  nationality: f(152, 6),
  name: f(158, 30),
  validFrom: f(188, 16),
  validUntil: f(204, 16),
  birthDate: f(220, 16),
  cardVersion: f(236, 4),
  authorityCode: f(240, 8),
};

const SEX_BY_CODE: Readonly<Record<string, IdCard['sex']>> = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unstated' };
const CODE_BY_SEX: Readonly<Record<IdCard['sex'], string>> = { unknown: '0', male: '1', female: '2', unstated: '9' };
const LONG_TERM = '长期';

const utf16 = new TextDecoder('utf-16le');

function raw(block: Uint8Array, field: Field): string {
  return utf16.decode(block.subarray(field.offset, field.offset + field.length));
}

const isPadding = (c: string): boolean => c === '\u0000' || c.trim() === '';

/** Removes the 0x0020 padding (and NULs some readers use instead) around a value. */
export function trimPadding(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isPadding(value[start]!)) start += 1;
  while (end > start && isPadding(value[end - 1]!)) end -= 1;
  return value.slice(start, end);
}

function text(block: Uint8Array, field: Field): string {
  return trimPadding(raw(block, field));
}

function fail(what: string): never {
  throw new SamError('unsupported-card', `Cannot decode the card text block: ${what}`);
}

function date(block: Uint8Array, field: Field, name: string): string {
  const value = text(block, field);
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) fail(`${name} is not a YYYYMMDD date`);
  const [, y, mo, d] = m;
  const dt = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (dt.getUTCFullYear() !== Number(y) || dt.getUTCMonth() !== Number(mo) - 1 || dt.getUTCDate() !== Number(d)) {
    fail(`${name} is not a calendar date`);
  }
  return `${y}-${mo}-${d}`;
}

function validUntil(block: Uint8Array, field: Field): string {
  return text(block, field) === LONG_TERM ? 'long-term' : date(block, field, 'valid-until');
}

function sex(block: Uint8Array, field: Field): IdCard['sex'] {
  return SEX_BY_CODE[text(block, field)] ?? 'unknown';
}

/** The card-type letter at bytes 248–249: 'I', 'J', 'Y', or '' for a resident card. */
export function cardTypeLetter(block: Uint8Array): 'I' | 'J' | 'Y' | '' {
  const hi = block[TYPE_FIELD.offset + 1];
  const lo = block[TYPE_FIELD.offset];
  if (hi !== 0) return '';
  return lo === 0x49 ? 'I' : lo === 0x4a ? 'J' : lo === 0x59 ? 'Y' : '';
}

/** Decodes a 256-byte text block. Throws SamError('unsupported-card') when it cannot. */
export function decodeTextBlock(block: Uint8Array): CardText {
  if (!(block instanceof Uint8Array) || block.length !== TEXT_BLOCK_LENGTH) {
    fail(`expected ${TEXT_BLOCK_LENGTH} bytes, got ${block instanceof Uint8Array ? block.length : typeof block}`);
  }
  switch (cardTypeLetter(block)) {
    case 'J': {
      const countText = text(block, HMT.issueCount);
      if (!/^\d{1,2}$/.test(countText)) fail('issue count is not a number');
      return {
        cardType: 'hmt-residence',
        name: text(block, HMT.name),
        sex: sex(block, HMT.sex),
        birthDate: date(block, HMT.birthDate, 'birth date'),
        address: text(block, HMT.address),
        idNumber: text(block, HMT.idNumber),
        authority: text(block, HMT.authority),
        validFrom: date(block, HMT.validFrom, 'valid-from'),
        validUntil: validUntil(block, HMT.validUntil),
        passNumber: text(block, HMT.passNumber),
        issueCount: Number(countText),
      };
    }
    case 'Y': {
      const englishName = trimPadding(raw(block, FOREIGN_2023.englishName1) + raw(block, FOREIGN_2023.englishName2));
      return {
        cardType: 'foreign-permanent',
        name: text(block, FOREIGN_2023.name),
        sex: sex(block, FOREIGN_2023.sex),
        birthDate: date(block, FOREIGN_2023.birthDate, 'birth date'),
        idNumber: text(block, FOREIGN_2023.idNumber),
        validFrom: date(block, FOREIGN_2023.validFrom, 'valid-from'),
        validUntil: validUntil(block, FOREIGN_2023.validUntil),
        englishName,
        nationality: text(block, FOREIGN_2023.nationality),
        cardVersion: '2023',
      };
    }
    case 'I': {
      const englishName = text(block, FOREIGN_2017.englishName);
      const chineseName = text(block, FOREIGN_2017.name);
      return {
        cardType: 'foreign-permanent',
        // Holders without a Chinese name leave it blank; fall back to the English name.
        name: chineseName === '' ? englishName : chineseName,
        sex: sex(block, FOREIGN_2017.sex),
        birthDate: date(block, FOREIGN_2017.birthDate, 'birth date'),
        idNumber: text(block, FOREIGN_2017.idNumber),
        validFrom: date(block, FOREIGN_2017.validFrom, 'valid-from'),
        validUntil: validUntil(block, FOREIGN_2017.validUntil),
        englishName,
        nationality: text(block, FOREIGN_2017.nationality),
        cardVersion: '2017',
      };
    }
    default: {
      const nationCode = text(block, RESIDENT.nation);
      if (!/^\d{2}$/.test(nationCode)) fail('nation code is not two digits');
      return {
        cardType: 'resident',
        name: text(block, RESIDENT.name),
        sex: sex(block, RESIDENT.sex),
        nationCode,
        nation: nationName(nationCode),
        birthDate: date(block, RESIDENT.birthDate, 'birth date'),
        address: text(block, RESIDENT.address),
        idNumber: text(block, RESIDENT.idNumber),
        authority: text(block, RESIDENT.authority),
        validFrom: date(block, RESIDENT.validFrom, 'valid-from'),
        validUntil: validUntil(block, RESIDENT.validUntil),
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding (the simulator and the tests)

function blankBlock(): Uint8Array {
  const block = new Uint8Array(TEXT_BLOCK_LENGTH);
  for (let i = 0; i < TEXT_BLOCK_LENGTH; i += 2) block[i] = 0x20;
  return block;
}

function put(block: Uint8Array, field: Field, value: string, name: string): void {
  const capacity = field.length / 2;
  if (value.length > capacity) throw new RangeError(`${name} does not fit its field (${capacity} characters)`);
  for (let i = 0; i < value.length; i += 1) {
    const unit = value.charCodeAt(i);
    block[field.offset + 2 * i] = unit & 0xff;
    block[field.offset + 2 * i + 1] = unit >> 8;
  }
}

function putDate(block: Uint8Array, field: Field, value: string, name: string): void {
  if (value === 'long-term') return put(block, field, LONG_TERM, name);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new RangeError(`${name} must be YYYY-MM-DD`);
  put(block, field, value.replaceAll('-', ''), name);
}

/** The inverse of decodeTextBlock. Throws RangeError when a value does not fit its field. */
export function encodeTextBlock(card: CardText): Uint8Array {
  const block = blankBlock();
  switch (card.cardType) {
    case 'resident': {
      if (!/^\d{2}$/.test(card.nationCode)) throw new RangeError('nationCode must be two digits');
      put(block, RESIDENT.name, card.name, 'name');
      put(block, RESIDENT.sex, CODE_BY_SEX[card.sex], 'sex');
      put(block, RESIDENT.nation, card.nationCode, 'nation');
      putDate(block, RESIDENT.birthDate, card.birthDate, 'birthDate');
      put(block, RESIDENT.address, card.address, 'address');
      put(block, RESIDENT.idNumber, card.idNumber, 'idNumber');
      put(block, RESIDENT.authority, card.authority, 'authority');
      putDate(block, RESIDENT.validFrom, card.validFrom, 'validFrom');
      putDate(block, RESIDENT.validUntil, card.validUntil, 'validUntil');
      return block;
    }
    case 'hmt-residence': {
      if (!Number.isInteger(card.issueCount) || card.issueCount < 0 || card.issueCount > 99) {
        throw new RangeError('issueCount must be 0–99');
      }
      put(block, HMT.name, card.name, 'name');
      put(block, HMT.sex, CODE_BY_SEX[card.sex], 'sex');
      putDate(block, HMT.birthDate, card.birthDate, 'birthDate');
      put(block, HMT.address, card.address, 'address');
      put(block, HMT.idNumber, card.idNumber, 'idNumber');
      put(block, HMT.authority, card.authority, 'authority');
      putDate(block, HMT.validFrom, card.validFrom, 'validFrom');
      putDate(block, HMT.validUntil, card.validUntil, 'validUntil');
      put(block, HMT.passNumber, card.passNumber, 'passNumber');
      put(block, HMT.issueCount, String(card.issueCount).padStart(2, '0'), 'issueCount');
      put(block, TYPE_FIELD, 'J', 'type');
      return block;
    }
    case 'foreign-permanent': {
      if (card.cardVersion === '2023') {
        const L = FOREIGN_2023;
        const part1Capacity = L.englishName1.length / 2;
        put(block, L.name, card.name, 'name');
        put(block, L.sex, CODE_BY_SEX[card.sex], 'sex');
        put(block, L.renewalCount, '00', 'renewalCount');
        putDate(block, L.birthDate, card.birthDate, 'birthDate');
        put(block, L.englishName1, card.englishName.slice(0, part1Capacity), 'englishName');
        put(block, L.englishName2, card.englishName.slice(part1Capacity), 'englishName');
        put(block, L.idNumber, card.idNumber, 'idNumber');
        putDate(block, L.validFrom, card.validFrom, 'validFrom');
        putDate(block, L.validUntil, card.validUntil, 'validUntil');
        put(block, L.nationality, card.nationality, 'nationality');
        put(block, TYPE_FIELD, 'Y', 'type');
        return block;
      }
      const L = FOREIGN_2017;
      put(block, L.englishName, card.englishName, 'englishName');
      put(block, L.sex, CODE_BY_SEX[card.sex], 'sex');
      put(block, L.idNumber, card.idNumber, 'idNumber');
      put(block, L.nationality, card.nationality, 'nationality');
      // A holder without a Chinese name is represented by name === englishName (see decode).
      put(block, L.name, card.name === card.englishName ? '' : card.name, 'name');
      putDate(block, L.validFrom, card.validFrom, 'validFrom');
      putDate(block, L.validUntil, card.validUntil, 'validUntil');
      putDate(block, L.birthDate, card.birthDate, 'birthDate');
      put(block, L.cardVersion, '20', 'cardVersion');
      put(block, TYPE_FIELD, 'I', 'type');
      return block;
    }
  }
}
