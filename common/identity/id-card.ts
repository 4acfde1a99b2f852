/**
 * What an identity card reader reports, for the three card families the GA 467 SAM reads.
 * Field names and values follow the `kiosk-devices idcard read` contract (issue 3), so the CLI,
 * the host's events and the UI all speak the same shape.
 */
import { z } from 'zod';

export const SEXES = ['male', 'female', 'unknown', 'unstated'] as const;
export type Sex = (typeof SEXES)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

const cardCommon = {
  name: z.string(),
  sex: z.enum(SEXES),
  birthDate: isoDate,
  idNumber: z.string(),
  validFrom: isoDate,
  validUntil: z.union([isoDate, z.literal('long-term')]),
  photo: z.object({ format: z.literal('wlt'), length: z.number().int().nonnegative() }),
};

export const residentCardSchema = z.object({
  cardType: z.literal('resident'),
  ...cardCommon,
  nationCode: z.string().regex(/^\d{2}$/),
  nation: z.string(),
  address: z.string(),
  authority: z.string(),
});

export const hmtResidenceCardSchema = z.object({
  cardType: z.literal('hmt-residence'),
  ...cardCommon,
  address: z.string(),
  authority: z.string(),
  passNumber: z.string(),
  issueCount: z.number().int().nonnegative(),
});

export const foreignPermanentCardSchema = z.object({
  cardType: z.literal('foreign-permanent'),
  ...cardCommon,
  englishName: z.string(),
  nationality: z.string(),
  cardVersion: z.enum(['2017', '2023']),
});

export const idCardSchema = z.discriminatedUnion('cardType', [residentCardSchema, hmtResidenceCardSchema, foreignPermanentCardSchema]);

export type ResidentCard = z.infer<typeof residentCardSchema>;
export type HmtResidenceCard = z.infer<typeof hmtResidenceCardSchema>;
export type ForeignPermanentCard = z.infer<typeof foreignPermanentCardSchema>;
export type IdCard = z.infer<typeof idCardSchema>;
export type CardType = IdCard['cardType'];
