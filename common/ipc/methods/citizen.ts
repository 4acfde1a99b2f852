/**
 * Citizen services the page asks the host for: the catalog (cached on disk for offline use),
 * progress lookups, appointments and the queue summary. Shapes follow the intake platform's
 * contract (ServiceItem, Progress, Appointment, QueueSummary); objects from the platform are
 * loose (the platform may add fields), parameters are strict.
 *
 * Offline, the lookups fail with the RPC error code `unavailable`, which the page explains.
 */
import { z } from 'zod';
import { pauseReasons } from './staff';
import { emptyParams } from '../shapes';

export const materialRequirementSchema = z.looseObject({
  code: z.string(),
  name: z.string(),
  necessity: z.enum(['required', 'conditional', 'tolerated']),
  condition: z.string().optional(),
  copies: z.number().int().nonnegative(),
  form: z.enum(['paper', 'electronic', 'either']).optional(),
  source: z.string().optional(),
  licenceType: z.string().optional(),
  commitmentAllowed: z.boolean().optional(),
});
export type MaterialRequirement = z.infer<typeof materialRequirementSchema>;

export const serviceItemSchema = z.looseObject({
  code: z.string(),
  baseCode: z.string().optional(),
  name: z.string(),
  type: z.string(),
  department: z.string(),
  keywords: z.array(z.string()).optional(),
  applicantKinds: z.array(z.enum(['person', 'organization'])),
  timeLimit: z.looseObject({ legalWorkingDays: z.number().int().optional(), promisedWorkingDays: z.number().int() }),
  onsiteVisits: z.number().int().optional(),
  fee: z.looseObject({ charged: z.boolean().optional(), description: z.string().optional() }).optional(),
  materials: z.array(materialRequirementSchema),
  form: z.looseObject({
    schema: z.record(z.string(), z.unknown()),
    fieldOrder: z.array(z.string()).optional(),
    autofill: z.record(z.string(), z.string()).optional(),
  }),
  guide: z.looseObject({
    summary: z.string(),
    legalBasis: z.string().optional(),
    steps: z.array(z.string()),
    location: z.string().optional(),
    hours: z.string().optional(),
    phone: z.string().optional(),
    faq: z.array(z.looseObject({ q: z.string(), a: z.string() })).optional(),
  }),
  kiosk: z.looseObject({ canSubmit: z.boolean(), queueCategory: z.string(), instant: z.boolean().optional() }),
});
export type ServiceItem = z.infer<typeof serviceItemSchema>;

export const themeSchema = z.looseObject({ code: z.string(), name: z.string(), description: z.string().optional(), itemCodes: z.array(z.string()) });
export type Theme = z.infer<typeof themeSchema>;

export const catalogSchema = z.looseObject({
  version: z.string(),
  generatedAt: z.string(),
  items: z.array(serviceItemSchema),
  themes: z.array(themeSchema).optional(),
});
export type Catalog = z.infer<typeof catalogSchema>;

/** A queue category of the hall, from the terminal configuration (cached, so known offline). */
export const queueCategorySchema = z.object({
  code: z.string(),
  name: z.string(),
  prefix: z.string(),
  serviceCodes: z.array(z.string()),
});
export type QueueCategory = z.infer<typeof queueCategorySchema>;

export const progressSchema = z.looseObject({
  receiptNo: z.string(),
  submissionId: z.string().optional(),
  serviceName: z.string(),
  applicantMasked: z.string().optional(),
  status: z.enum(['received', 'accepted', 'supplement-required', 'in-review', 'approved', 'rejected', 'completed']),
  promisedBy: z.string().optional(),
  timeline: z.array(z.looseObject({ at: z.string(), stage: z.string(), note: z.string().optional() })),
});
export type Progress = z.infer<typeof progressSchema>;

export const appointmentSchema = z.looseObject({
  appointmentId: z.string(),
  code: z.string(),
  serviceCode: z.string().optional(),
  category: z.string(),
  slotStart: z.string(),
  slotEnd: z.string(),
  applicantMasked: z.string().optional(),
  status: z.enum(['booked', 'checked-in', 'cancelled', 'expired']),
});
export type Appointment = z.infer<typeof appointmentSchema>;

export const searchKeysSchema = z.object({ initials: z.string(), full: z.string() }).strict();
export type SearchKeys = z.infer<typeof searchKeysSchema>;

export const queueCategoryLiveSchema = z.object({
  code: z.string(),
  name: z.string(),
  prefix: z.string(),
  serviceCodes: z.array(z.string()),
  /** People waiting, as of `asOf` (absent when never known). */
  waiting: z.number().int().nonnegative().optional(),
  nowServing: z.string().optional(),
  averageServiceMinutes: z.number().nonnegative().optional(),
  open: z.boolean(),
  /** Why the category is closed at this terminal, when a hall manager paused it. */
  closedReason: z.enum(pauseReasons).optional(),
});
export type QueueCategoryLive = z.infer<typeof queueCategoryLiveSchema>;

const APPOINTMENT_CODE = /^[A-Za-z0-9-]{4,40}$/;

export const CITIZEN_METHODS = {
  /** The catalog: fetched with If-None-Match, cached on disk; served from the cache offline (`fromCache`). */
  'catalog.get': {
    params: emptyParams,
    result: z
      .object({
        catalog: catalogSchema,
        fromCache: z.boolean(),
        fetchedAt: z.string(),
        queueCategories: z.array(queueCategorySchema),
        /** Pinyin of each item's name, by item code, for search by pinyin and initials. */
        searchKeys: z.record(z.string(), searchKeysSchema),
      })
      .strict(),
  },
  /** 办件查询 by the applicant's identity number (and optionally a receipt number). Offline: `unavailable`. */
  'progress.lookup': {
    params: z.object({ idNumber: z.string().min(6).max(32), receiptNo: z.string().min(4).max(50).optional() }).strict(),
    result: z.object({ items: z.array(progressSchema) }).strict(),
  },
  /** 预约签到: an appointment by its code. `found: false` when the platform knows no such code. Offline: `unavailable`. */
  'appointment.lookup': {
    params: z.object({ code: z.string().regex(APPOINTMENT_CODE) }).strict(),
    result: z.union([z.object({ found: z.literal(true), appointment: appointmentSchema }).strict(), z.object({ found: z.literal(false) }).strict()]),
  },
  /**
   * The hall's queue categories with waiting counts. Online the counts are fresh; offline they are
   * the last ones known (`live: false`, `asOf` says when), plus the tickets issued here since.
   */
  'queue.summary': {
    params: emptyParams,
    result: z.object({ live: z.boolean(), asOf: z.string().nullable(), categories: z.array(queueCategoryLiveSchema) }).strict(),
  },
} as const;
