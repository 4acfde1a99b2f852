/**
 * Invented people for the simulator, demos and tests. None of them exists: names are made up,
 * identity numbers are built from plausible Guangdong region codes with valid check digits, and
 * photos/fingerprints are deterministic filler, not biometric data. Never log these either —
 * code that logs card data is wrong whatever the card.
 */
import { withIdCheckChar } from '../../common/identity/check-digits';
import type { SimulatedCard } from './simulator';
import { fillerBytes } from './filler';

const photo = (n: number): Uint8Array => fillerBytes(1024, 0x5157_0000 + n);

export const DEMO_CARDS: SimulatedCard[] = [
  {
    // Han resident, 10-year validity, with 1024 bytes of fingerprint data.
    card: {
      cardType: 'resident',
      name: '林嘉怡',
      sex: 'female',
      nationCode: '01',
      nation: '汉',
      birthDate: '1992-03-07',
      address: '广东省广州市天河区体育西路一百零一号1203房',
      idNumber: withIdCheckChar('44010619920307128'),
      authority: '广州市公安局天河分局',
      validFrom: '2021-05-10',
      validUntil: '2031-05-10',
    },
    photoWlt: photo(1),
    fingerprint: fillerBytes(1024, 0x4650_0001),
  },
  {
    // Elderly resident (born 1956), long-term validity, with an appended (changed) address.
    card: {
      cardType: 'resident',
      name: '黄伟强',
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      birthDate: '1956-11-23',
      address: '广东省广州市越秀区解放北路八十八号3栋502房',
      idNumber: withIdCheckChar('44010419561123031'),
      authority: '广州市公安局越秀分局',
      validFrom: '2012-05-20',
      validUntil: 'long-term',
    },
    photoWlt: photo(2),
    appendedAddress: '广东省广州市海珠区江南大道中二十号5栋801房',
  },
  {
    // Zhuang (壮, 08) resident from Lianshan Zhuang and Yao Autonomous County.
    card: {
      cardType: 'resident',
      name: '韦秋燕',
      sex: 'female',
      nationCode: '08',
      nation: '壮',
      birthDate: '1988-09-14',
      address: '广东省清远市连山壮族瑶族自治县吉田镇和平路十二号',
      idNumber: withIdCheckChar('44182519880914046'),
      authority: '连山壮族瑶族自治县公安局',
      validFrom: '2019-03-02',
      validUntil: '2039-03-02',
    },
    photoWlt: photo(3),
  },
  {
    // Yao (瑶, 13) resident from Ruyuan Yao Autonomous County, 20-year validity.
    card: {
      cardType: 'resident',
      name: '盘志刚',
      sex: 'male',
      nationCode: '13',
      nation: '瑶',
      birthDate: '1975-06-18',
      address: '广东省韶关市乳源瑶族自治县乳城镇鹰峰西路九号',
      idNumber: withIdCheckChar('44023219750618015'),
      authority: '乳源瑶族自治县公安局',
      validFrom: '2020-07-15',
      validUntil: '2040-07-15',
    },
    photoWlt: photo(4),
  },
  {
    // Hong Kong resident's residence permit ('J').
    card: {
      cardType: 'hmt-residence',
      name: '何志恒',
      sex: 'male',
      birthDate: '1985-06-12',
      address: '广东省深圳市福田区福华三路六十六号2座1505房',
      idNumber: withIdCheckChar('81000019850612013'),
      authority: '深圳市公安局福田分局',
      validFrom: '2023-09-01',
      validUntil: '2028-09-01',
      passNumber: 'H60123458',
      issueCount: 1,
    },
    photoWlt: photo(5),
  },
  {
    // Foreign permanent resident ID card, 2017 edition ('I').
    card: {
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
    },
    photoWlt: photo(6),
  },
  {
    // Foreign permanent resident ID card, 2023 edition ('Y'); the English name spills into part 2.
    card: {
      cardType: 'foreign-permanent',
      name: '杜让',
      sex: 'male',
      birthDate: '1990-03-15',
      idNumber: withIdCheckChar('94425019900315013'),
      validFrom: '2024-01-20',
      validUntil: '2034-01-20',
      englishName: 'DUBOIS-LAURENT, JEAN-BAPTISTE FRANCOIS',
      nationality: 'FRA',
      cardVersion: '2023',
    },
    photoWlt: photo(7),
  },
  // The staff of the demo hall (platform/demo/README.md): their cards are provisioned as staff cards
  // (cardHash in platform/demo/hall.json), so placing one at the staff door signs that person in.
  {
    // 陈志强, technician (TH-T01).
    card: {
      cardType: 'resident',
      name: '陈志强',
      sex: 'male',
      nationCode: '01',
      nation: '汉',
      birthDate: '1985-04-12',
      address: '广东省广州市天河区林和西路三号1508房',
      idNumber: withIdCheckChar('44010619850412213'),
      authority: '广州市公安局天河分局',
      validFrom: '2016-08-03',
      validUntil: '2036-08-03',
    },
    photoWlt: photo(8),
  },
  {
    // 李慧敏, hall manager and assistant (TH-M01).
    card: {
      cardType: 'resident',
      name: '李慧敏',
      sex: 'female',
      nationCode: '01',
      nation: '汉',
      birthDate: '1988-09-23',
      address: '广东省广州市越秀区东风中路四百号2栋701房',
      idNumber: withIdCheckChar('44010419880923046'),
      authority: '广州市公安局越秀分局',
      validFrom: '2018-01-15',
      validUntil: '2038-01-15',
    },
    photoWlt: photo(9),
  },
  {
    // 黄晓婷, assistant (TH-A01).
    card: {
      cardType: 'resident',
      name: '黄晓婷',
      sex: 'female',
      nationCode: '01',
      nation: '汉',
      birthDate: '1996-02-05',
      address: '广东省广州市白云区白云大道北八十八号6栋1102房',
      idNumber: withIdCheckChar('44011119960205128'),
      authority: '广州市公安局白云区分局',
      validFrom: '2022-03-18',
      validUntil: '2032-03-18',
    },
    photoWlt: photo(10),
  },
];
