/**
 * Materials: how each is provided, and the 一次性告知 list of everything still needed — computed
 * once, from the choices, the same way the platform computes `outstandingMaterials`.
 */
import type { MaterialRequirement } from '../../../common/ipc/methods/citizen';

/** How a material is provided. `not-needed` is a conditional material whose condition does not apply. */
export type Provision = 'paper-at-window' | 'electronic-licence' | 'commitment' | 'tolerated' | 'not-needed';

export function provisionOptions(material: MaterialRequirement): Provision[] {
  const options: Provision[] = [];
  if (material.licenceType) options.push('electronic-licence');
  if (material.commitmentAllowed) options.push('commitment');
  options.push('paper-at-window');
  if (material.necessity === 'tolerated') options.push('tolerated');
  if (material.necessity === 'conditional') options.push('not-needed');
  return options;
}

/** The choice made for the citizen until they change it: the one that asks least of them. */
export function defaultProvision(material: MaterialRequirement): Provision {
  if (material.licenceType) return 'electronic-licence';
  if (material.necessity === 'conditional') return 'not-needed';
  return 'paper-at-window';
}

export function defaultProvisions(materials: readonly MaterialRequirement[]): Record<string, Provision> {
  return Object.fromEntries(materials.map((m) => [m.code, defaultProvision(m)]));
}

export interface OutstandingMaterial {
  code: string;
  name: string;
  provision: 'paper-at-window' | 'tolerated';
  copies: number;
  condition?: string;
}

/** Everything still to be handed in, each material once. */
export function outstandingMaterials(materials: readonly MaterialRequirement[], provisions: Record<string, Provision>): OutstandingMaterial[] {
  const out: OutstandingMaterial[] = [];
  const seen = new Set<string>();
  for (const m of materials) {
    const p = provisions[m.code] ?? defaultProvision(m);
    if ((p === 'paper-at-window' || p === 'tolerated') && !seen.has(m.name)) {
      seen.add(m.name);
      out.push({ code: m.code, name: m.name, provision: p, copies: m.copies, ...(m.condition ? { condition: m.condition } : {}) });
    }
  }
  return out;
}

/** The submission's `materials`: every material that applies, with how it is provided. */
export function materialsPayload(materials: readonly MaterialRequirement[], provisions: Record<string, Provision>): { code: string; provision: Exclude<Provision, 'not-needed'> }[] {
  return materials.flatMap((m) => {
    const p = provisions[m.code] ?? defaultProvision(m);
    return p === 'not-needed' ? [] : [{ code: m.code, provision: p }];
  });
}

/** Adds working days (Monday–Friday) to a 'YYYY-MM-DD' day; public holidays are the platform's business. */
export function addWorkingDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    date.setUTCDate(date.getUTCDate() + 1);
    const dow = date.getUTCDay();
    if (dow !== 0 && dow !== 6) left -= 1;
  }
  return date.toISOString().slice(0, 10);
}
