import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withIdCheckChar } from '../../../../common/identity/check-digits';
import { decodeTextBlock, encodeTextBlock } from '../../../../drivers/idcard/text-block';
import type { CardText } from '../../../../drivers/idcard/text-block';
import { NATIONS, nationName } from '../../../../drivers/idcard/nations';
import { SamError } from '../../../../drivers/idcard/status-codes';

/** Builds a block by hand, independently of encodeTextBlock: [byte offset, text] pairs. */
function block(fields: [number, string][]): Uint8Array {
  const b = new Uint8Array(256);
  for (let i = 0; i < 256; i += 2) b[i] = 0x20;
  for (const [offset, value] of fields) {
    for (let i = 0; i < value.length; i += 1) {
      b[offset + 2 * i] = value.charCodeAt(i) & 0xff;
      b[offset + 2 * i + 1] = value.charCodeAt(i) >> 8;
    }
  }
  return b;
}

const residentId = withIdCheckChar('44010619920307128');

function residentBlock(overrides: [number, string][] = []): Uint8Array {
  const replaced = new Set(overrides.map(([offset]) => offset));
  const base: [number, string][] = [
    [0, '李小明'],
    [30, '2'],
    [32, '08'],
    [36, '19920307'],
    [52, '广东省广州市天河区某路1号'],
    [122, residentId],
    [158, '广州市公安局天河分局'],
    [188, '20210510'],
    [204, '20310510'],
  ];
  return block([...base.filter(([offset]) => !replaced.has(offset)), ...overrides]);
}

const expectUnsupported = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SamError);
    expect((e as SamError).code).toBe('unsupported-card');
    return;
  }
  throw new Error('expected a SamError');
};

describe('decodeTextBlock', () => {
  it('decodes a resident card', () => {
    expect(decodeTextBlock(residentBlock())).toEqual({
      cardType: 'resident',
      name: '李小明',
      sex: 'female',
      nationCode: '08',
      nation: '壮',
      birthDate: '1992-03-07',
      address: '广东省广州市天河区某路1号',
      idNumber: residentId,
      authority: '广州市公安局天河分局',
      validFrom: '2021-05-10',
      validUntil: '2031-05-10',
    });
  });

  it('decodes long-term validity and all sex codes', () => {
    expect(decodeTextBlock(residentBlock([[204, '长期']])).validUntil).toBe('long-term');
    const sexes = { '0': 'unknown', '1': 'male', '2': 'female', '9': 'unstated' } as const;
    for (const [code, sex] of Object.entries(sexes)) expect(decodeTextBlock(residentBlock([[30, code]])).sex).toBe(sex);
  });

  it('keeps an unknown nation code raw and names it 未知', () => {
    const card = decodeTextBlock(residentBlock([[32, '59']]));
    expect(card).toMatchObject({ nationCode: '59', nation: '未知' });
  });

  it('tolerates NUL padding', () => {
    const b = residentBlock();
    b.fill(0, 6, 30); // name: 3 characters then NULs
    expect(decodeTextBlock(b).name).toBe('李小明');
  });

  it('decodes a HK/Macao/Taiwan residence permit (J)', () => {
    const id = withIdCheckChar('81000019850612013');
    const b = block([
      [0, '何志恒'],
      [30, '1'],
      [36, '19850612'],
      [52, '广东省深圳市福田区某路2号'],
      [122, id],
      [158, '深圳市公安局福田分局'],
      [188, '20230901'],
      [204, '20280901'],
      [220, 'H60123458'],
      [238, '03'],
      [248, 'J'],
    ]);
    expect(decodeTextBlock(b)).toEqual({
      cardType: 'hmt-residence',
      name: '何志恒',
      sex: 'male',
      birthDate: '1985-06-12',
      address: '广东省深圳市福田区某路2号',
      idNumber: id,
      authority: '深圳市公安局福田分局',
      validFrom: '2023-09-01',
      validUntil: '2028-09-01',
      passNumber: 'H60123458',
      issueCount: 3,
    });
  });

  it('decodes a 2017 foreign permanent resident card (I)', () => {
    const b = block([
      [0, 'MUELLER, ANNA MARIA'],
      [120, '2'],
      [122, 'DEU440081070223'],
      [152, 'DEU'],
      [158, '安娜'],
      [188, '20180410'],
      [204, '20280410'],
      [220, '19810702'],
      [236, '20'],
      [240, '1500'],
      [248, 'I'],
    ]);
    expect(decodeTextBlock(b)).toEqual({
      cardType: 'foreign-permanent',
      name: '安娜',
      sex: 'female',
      birthDate: '1981-07-02',
      idNumber: 'DEU440081070223',
      validFrom: '2018-04-10',
      validUntil: '2028-04-10',
      englishName: 'MUELLER, ANNA MARIA',
      nationality: 'DEU',
      cardVersion: '2017',
    });
  });

  it('uses the English name when a 2017 card has no Chinese name', () => {
    const b = block([
      [0, 'SMITH, JOHN'],
      [120, '1'],
      [122, 'GBR440080010112'],
      [152, 'GBR'],
      [188, '20180410'],
      [204, '20280410'],
      [220, '19800101'],
      [248, 'I'],
    ]);
    expect(decodeTextBlock(b)).toMatchObject({ name: 'SMITH, JOHN', englishName: 'SMITH, JOHN' });
  });

  it('decodes a 2023 foreign permanent resident card (Y), joining both English name parts', () => {
    const id = withIdCheckChar('94425019900315013');
    const part1 = 'DUBOIS-LAURENT, JEAN-BAPTISTE FRANC'; // exactly 35 characters
    expect(part1.length).toBe(35);
    const b = block([
      [0, '杜让'],
      [30, '1'],
      [32, '01'],
      [36, '19900315'],
      [52, part1],
      [122, id],
      [188, '20240120'],
      [204, '20340120'],
      [220, 'OIS'],
      [242, 'FRA'],
      [248, 'Y'],
    ]);
    expect(decodeTextBlock(b)).toEqual({
      cardType: 'foreign-permanent',
      name: '杜让',
      sex: 'male',
      birthDate: '1990-03-15',
      idNumber: id,
      validFrom: '2024-01-20',
      validUntil: '2034-01-20',
      englishName: 'DUBOIS-LAURENT, JEAN-BAPTISTE FRANCOIS',
      nationality: 'FRA',
      cardVersion: '2023',
    });
  });

  it('rejects blocks that are not 256 bytes or do not decode', () => {
    expectUnsupported(() => decodeTextBlock(new Uint8Array(255)));
    expectUnsupported(() => decodeTextBlock(new Uint8Array(0)));
    expectUnsupported(() => decodeTextBlock(new Uint8Array(256)));
    expectUnsupported(() => decodeTextBlock(residentBlock([[36, '1992O307']])));
    expectUnsupported(() => decodeTextBlock(residentBlock([[36, '19920230']])));
    expectUnsupported(() => decodeTextBlock(residentBlock([[32, 'XX']])));
  });

  it('never puts personal data into error messages', () => {
    try {
      decodeTextBlock(residentBlock([[188, '2021AB10']]));
    } catch (e) {
      expect((e as Error).message).not.toContain('李小明');
      expect((e as Error).message).not.toContain(residentId);
    }
  });
});

describe('nations', () => {
  it('covers the 56 nations plus 97 and 98', () => {
    expect(Object.keys(NATIONS)).toHaveLength(58);
    expect(nationName('01')).toBe('汉');
    expect(nationName('13')).toBe('瑶');
    expect(nationName('46')).toBe('德昂');
    expect(nationName('98')).toBe('外国血统中国籍人士');
    expect(nationName('57')).toBe('未知');
  });
});

// ---------------------------------------------------------------------------------------------

const CHARS = [...'李王张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗广东省州市区路号栋房 ABCDEFGHIJKLMNOPQRSTUVWXYZ,-.0123456789'];
const text = (max: number) =>
  fc
    .array(fc.constantFrom(...CHARS), { maxLength: max })
    .map((a) => a.join('').trim());
const nonEmpty = (max: number) => text(max).filter((s) => s.length > 0);
const isoDate = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const sex = fc.constantFrom('male', 'female', 'unknown', 'unstated' as const);
const until = fc.oneof(isoDate, fc.constant('long-term' as const));
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

const resident: fc.Arbitrary<CardText> = fc.record({
  cardType: fc.constant('resident' as const),
  name: text(15),
  sex,
  nationCode: digits(2),
  birthDate: isoDate,
  address: text(35),
  idNumber: text(18),
  authority: text(15),
  validFrom: isoDate,
  validUntil: until,
}).map((c) => ({ ...c, nation: nationName(c.nationCode) }));

const hmt: fc.Arbitrary<CardText> = fc.record({
  cardType: fc.constant('hmt-residence' as const),
  name: text(15),
  sex,
  birthDate: isoDate,
  address: text(35),
  idNumber: text(18),
  authority: text(15),
  validFrom: isoDate,
  validUntil: until,
  passNumber: text(9),
  issueCount: fc.integer({ min: 0, max: 99 }),
});

const foreign2017: fc.Arbitrary<CardText> = fc.record({
  cardType: fc.constant('foreign-permanent' as const),
  name: nonEmpty(15),
  sex,
  birthDate: isoDate,
  idNumber: text(15),
  validFrom: isoDate,
  validUntil: until,
  englishName: text(60),
  nationality: text(3),
  cardVersion: fc.constant('2017' as const),
});

const foreign2023: fc.Arbitrary<CardText> = fc.record({
  cardType: fc.constant('foreign-permanent' as const),
  name: text(15),
  sex,
  birthDate: isoDate,
  idNumber: text(18),
  validFrom: isoDate,
  validUntil: until,
  englishName: text(46),
  nationality: text(3),
  cardVersion: fc.constant('2023' as const),
});

describe('encodeTextBlock / decodeTextBlock', () => {
  it('round-trips every card type', () => {
    fc.assert(
      fc.property(fc.oneof(resident, hmt, foreign2017, foreign2023), (card) => {
        const encoded = encodeTextBlock(card);
        expect(encoded).toHaveLength(256);
        expect(decodeTextBlock(encoded)).toEqual(card);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses values that do not fit their field', () => {
    const card: CardText = {
      cardType: 'resident',
      name: '一二三四五六七八九十一二三四五六',
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      birthDate: '1990-01-01',
      address: '',
      idNumber: '',
      authority: '',
      validFrom: '2020-01-01',
      validUntil: 'long-term',
    };
    expect(() => encodeTextBlock(card)).toThrow(RangeError);
  });
});
