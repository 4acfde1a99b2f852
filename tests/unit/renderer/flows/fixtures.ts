/** The demo catalog (platform/demo/catalog.json) parsed as the page receives it. */
import { readFileSync } from 'node:fs';
import { catalogSchema, type ServiceItem } from '../../../../common/ipc/methods/citizen';
import type { IdCard } from '../../../../common/identity/id-card';
import { DEMO_CARDS } from '../../../../drivers/idcard/demo-cards';

const raw = JSON.parse(readFileSync(new URL('../../../../platform/demo/catalog.json', import.meta.url), 'utf8')) as Record<string, unknown>;
export const catalog = catalogSchema.parse({ version: 'test', generatedAt: '2025-01-01T00:00:00Z', ...raw });

export function item(namePart: string): ServiceItem {
  const found = catalog.items.find((i) => i.name.includes(namePart));
  if (!found) throw new Error(`no item ${namePart}`);
  return found;
}

/** The first demo card of the simulated reader (林嘉怡, invented), as the host reports it. */
export const CARD: IdCard = { ...DEMO_CARDS[0]!.card, photo: { format: 'wlt', length: 1024 } } as IdCard;
