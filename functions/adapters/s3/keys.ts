/**
 * The attachments bucket's key layout: the one place that knows it (the stacks import the prefixes from here, for
 * IAM and the bucket policy). A file goes to its final key when it is declared; nothing is copied at submission —
 * the dossier record, not the key, says what was submitted. Uploads of abandoned drafts are deleted by the sweeper
 * (core/dossier/sweep.ts), not by a prefix rule.
 *
 * `drafts/` is where uploads waited before submission until December 2026 (then copied to `dossiers/`); records
 * from then still point there, so the prefix stays readable, and the bucket's lifecycle still expires it.
 */
export const ATTACHMENT_PREFIXES = {
  /** A dossier's documents, from declaration on. */
  dossiers: "dossiers/",
  /** Result documents uploaded by agencies. */
  results: "results/",
  /** Uploads of drafts, from before uploads went to their final key (read only). */
  drafts: "drafts/",
  /**
   * Files found infected after they were handed in (core/dossier/malware.ts): moved here, under their old key, so
   * that no download link (all name the old key) reaches them; nothing here is ever presigned.
   */
  quarantine: "quarantine/",
} as const;

export function objectKeyFor(kind: "document" | "result", dossierCode: string, attachmentId: string): string {
  return `${kind === "document" ? ATTACHMENT_PREFIXES.dossiers : ATTACHMENT_PREFIXES.results}${dossierCode}/${attachmentId}`;
}

/** The dossier and attachment a key of `objectKeyFor` (or a pre-2026 `drafts/` key) names; undefined otherwise. */
export function locateObjectKey(objectKey: string): { dossierCode: string; attachmentId: string } | undefined {
  const prefixes = [ATTACHMENT_PREFIXES.dossiers, ATTACHMENT_PREFIXES.results, ATTACHMENT_PREFIXES.drafts];
  const prefix = prefixes.find((p) => objectKey.startsWith(p));
  if (!prefix) return undefined;
  const [dossierCode, attachmentId, ...rest] = objectKey.slice(prefix.length).split("/");
  if (!dossierCode || !attachmentId || rest.length) return undefined;
  return { dossierCode, attachmentId };
}

/** Where a file found infected is kept (see ATTACHMENT_PREFIXES.quarantine). */
export function quarantineKeyFor(objectKey: string): string {
  return `${ATTACHMENT_PREFIXES.quarantine}${objectKey}`;
}
