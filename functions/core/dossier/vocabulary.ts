/**
 * The dossier's value lists and patterns, each written once and imported from here by the core, the HTTP schemas and
 * the web front-end (this module imports nothing, so the browser bundle may take its values).
 */

export const DOSSIER_STATUSES = [
  "draft",
  "submitted",
  "received",
  "supplement_requested",
  "transferred",
  "approved",
  "denied",
  "returned",
  "rejected_intake",
  "withdrawn",
  "stopped",
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/**
 * Every action a timeline entry can record: the commands of `decide` (core/dossier/decide.ts) plus `create`.
 * The one list: the core, the HTTP schemas and the web (type-only) use it.
 */
export const TIMELINE_ACTIONS = [
  "create",
  "submit",
  "receive",
  "counter_intake",
  "attach_document",
  "reject_intake",
  "request_supplement",
  "supplement",
  "receive_supplement",
  "transfer",
  "assign",
  "approve",
  "deny",
  "return_result",
  "stop",
  "withdraw",
  "apologize",
  "feedback",
  "payment_pending",
  "payment_paid",
  "payment_failed",
  "payment_expired",
  "recompute_due",
  "expire_uploads",
  "flag_malware",
] as const;
export type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

export const RESOLUTIONS = ["early", "on_time", "late"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** How a dossier came in (docs/domain.md "Channels of intake"). */
export const CHANNELS = ["online", "counter", "post"] as const;
export type Channel = (typeof CHANNELS)[number];

/** What a dossier's holder may do now, as the track page offers it (functions/core/dossier/decide.ts holderActions). */
export const HOLDER_ACTIONS = ["attach", "submit", "pay", "supplement", "withdraw", "feedback"] as const;
export type HolderAction = (typeof HOLDER_ACTIONS)[number];

// ---- identity and contact patterns (docs/domain.md "Codes"): the API's and the web form's ----

/** 12-digit personal identification number (CCCD): province (3) + century/sex (1) + year (2) + serial (6). */
export const CCCD = /^[0-9]{12}$/;
/** The old 9-digit identity card (CMND), still met. */
export const CMND = /^[0-9]{9}$/;
/** validator.js `vi-VN` mobile phone pattern. */
export const VN_PHONE = /^((\+?84)|0)((3[2-9])|(5[25689])|(7[06-9])|(8[1-9])|(9\d))\d{7}$/;
