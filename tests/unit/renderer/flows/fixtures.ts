/** The demo catalog (platform/demo/catalog.json) parsed as the page receives it. */
import { readFileSync } from 'node:fs';
import { catalogSchema, type ServiceItem } from '../../../../common/ipc/methods/citizen';
import { withIdCheckChar } from '../../../../common/identity/check-digits';
import type { IdCard } from '../../../../common/identity/id-card';

const raw = JSON.parse(readFileSync(new URL('../../../../platform/demo/catalog.json', import.meta.url), 'utf8')) as Record<string, unknown>;
export const catalog = catalogSchema.parse({ version: 'test', generatedAt: '2025-01-01T00:00:00Z', ...raw });

export function item(namePart: string): ServiceItem {
  const found = catalog.items.find((i) => i.name.includes(namePart));
  if (!found) throw new Error(`no item ${namePart}`);
  return found;
}

export const CARD: IdCard = {
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
  photo: { format: 'wlt', length: 1024 },
};
