import { z } from "zod";
import { isPrintableName } from "../text";
import { FormDefinition } from "../forms/model";

/**
 * The procedure catalogue (docs/domain.md "Words", "Service levels", "Codes", "Fees and payment").
 * These schemas validate imports and the API answers alike; codes stay data, checked in one place.
 */

/** QCVN 102:2016-style electronic agency identifier, e.g. `000.00.15.H22` (letters allowed in the last group). */
export const AGENCY_CODE = /^[0-9A-Z]{2,3}(\.[0-9A-Z]{2,3}){2}\.[A-Z][0-9]{2}$/;
/** National catalogue procedure code, e.g. `1.001193`. */
export const PROCEDURE_CODE = /^[0-9]\.[0-9]{6}$/;

export const MEDIA_TYPES = [
  "application/pdf",
  "image/jpeg",
  "image/png",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Defaults when a procedure says nothing (issue: 10 MB a file, 30 MB a dossier). */
export const DEFAULT_MAX_FILE_MB = 10;
export const MAX_DOSSIER_MB = 30;

export const AgencyTier = z.enum(["central", "province", "department", "commune", "district"]);
export type AgencyTier = z.infer<typeof AgencyTier>;

export const AgencyCode = z.string().regex(AGENCY_CODE, { error: "catalogue.agency_code_format" });
export const ProcedureCode = z.string().regex(PROCEDURE_CODE, { error: "catalogue.procedure_code_format" });

export const Agency = z.object({
  code: AgencyCode,
  // Names are printed on slips, put in CSV exports and sent to other systems: no NUL, no broken character.
  name: z.string().trim().min(1).max(300).refine(isPrintableName, { error: "text.not_printable" }),
  nameEn: z.string().trim().max(300).refine(isPrintableName, { error: "text.not_printable" }).optional(),
  tier: AgencyTier,
  parentCode: AgencyCode.nullable().default(null),
});
export type Agency = z.infer<typeof Agency>;

export const ServiceLevel = z.enum(["full", "partial", "info"]);
export type ServiceLevel = z.infer<typeof ServiceLevel>;

export const Delivery = z.enum(["online", "post", "in_person"]);
export type Delivery = z.infer<typeof Delivery>;

export const RequiredDocument = z.object({
  key: z
    .string()
    .max(40)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: "catalogue.document_key_format" }),
  name: z.string().trim().min(1).max(500).refine(isPrintableName, { error: "text.not_printable" }),
  required: z.boolean(),
  maxSizeMB: z.number().int().min(1).max(DEFAULT_MAX_FILE_MB).default(DEFAULT_MAX_FILE_MB),
  mediaTypes: z.array(z.enum(MEDIA_TYPES)).min(1).default([...MEDIA_TYPES]),
});
export type RequiredDocument = z.infer<typeof RequiredDocument>;

export const Fee = z
  .object({
    /** Total due in VND = serviceFee (phí) + charge (lệ phí). */
    amount: z.number().int().min(0).max(1_000_000_000),
    currency: z.literal("VND").default("VND"),
    serviceFee: z.number().int().min(0).default(0),
    charge: z.number().int().min(0).default(0),
    note: z.string().max(1000).optional(),
  })
  .refine((fee) => fee.amount === fee.serviceFee + fee.charge, {
    error: "catalogue.fee_sum",
    path: ["amount"],
  });
export type Fee = z.infer<typeof Fee>;

export const Procedure = z
  .object({
    code: ProcedureCode,
    name: z.string().trim().min(1).max(500).refine(isPrintableName, { error: "text.not_printable" }),
    field: z.string().trim().min(1).max(200),
    /** The deciding agency. */
    agencyCode: AgencyCode,
    /** The receiving unit, when it is not the deciding agency (e.g. a public administration service centre). */
    receivingAgencyCode: AgencyCode.optional(),
    level: ServiceLevel,
    processingDays: z.number().int().min(0).max(365),
    /** Working days are counted in working hours (8 h a day); some procedures count calendar days. */
    clockUnit: z.enum(["working_days", "calendar_days"]).default("working_days"),
    /** What a supplement request does to the clock (docs/domain.md "The clock"). */
    supplementClock: z.enum(["pause", "restart"]).default("pause"),
    fee: Fee,
    /** When an online payment is required, for procedures with a fee. */
    paymentTiming: z.enum(["before_submit", "before_result"]).nullable().default(null),
    documents: z.array(RequiredDocument).max(30),
    resultDelivery: z.array(Delivery).min(1),
    legalBasis: z.string().max(4000).default(""),
    /** The declaration form (tờ khai), its current version (docs/catalogue.md "Writing a form"). */
    form: FormDefinition.optional(),
    /**
     * Earlier versions of the form, kept so a draft created under one is checked against it (the import moves the
     * stored form here when a new version comes in). Oldest first; never served to citizens.
     */
    formVersions: z.array(FormDefinition).max(50).optional(),
  })
  .superRefine((procedure, ctx) => {
    const keys = new Set<string>();
    procedure.documents.forEach((document, index) => {
      if (keys.has(document.key)) {
        ctx.addIssue({ code: "custom", path: ["documents", index, "key"], message: "catalogue.document_key_duplicate" });
      }
      keys.add(document.key);
    });
    if (procedure.form) {
      const versions = new Set<number>();
      for (const old of procedure.formVersions ?? []) versions.add(old.version);
      if (versions.has(procedure.form.version)) {
        ctx.addIssue({ code: "custom", path: ["form", "version"], message: "catalogue.form_version_reused" });
      }
    }
    if (procedure.level === "full" && !procedure.resultDelivery.includes("online")) {
      ctx.addIssue({ code: "custom", path: ["resultDelivery"], message: "catalogue.full_needs_online" });
    }
  });
export type Procedure = z.infer<typeof Procedure>;
export type ProcedureInput = z.input<typeof Procedure>;

export const CatalogueFile = z.object({
  note: z.string().optional(),
  agencies: z.array(z.unknown()),
  procedures: z.array(z.unknown()),
});

export interface Catalogue {
  agencies: Agency[];
  procedures: Procedure[];
  /** Changes whenever an import changes anything; caches compare it. */
  version: string;
}
