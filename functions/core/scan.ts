/**
 * Malware scanning of uploaded files (issue #18 "Malware scanning"): every file is scanned before an agency can
 * open it. The port; adapters: adapters/clamav (the ClamAV daemon, locally) and adapters/guardduty (Amazon
 * GuardDuty Malware Protection for S3, deployed).
 *
 * (To move into core/ports.ts with the other ports.)
 */

/** What a scanner says about one stored file. */
export type ScanVerdict =
  | { status: "clean" }
  /** `signature`: the name of what was found (ClamAV's signature name, or GuardDuty's threat name when it gives one). */
  | { status: "infected"; signature: string }
  /** No verdict yet (GuardDuty scans asynchronously): ask again later; never treat as clean. */
  | { status: "pending" }
  /** The scanner could not decide (unreadable file, unsupported, too large, scanner down): never treat as clean. */
  | { status: "error"; reason: string };

export interface MalwareScanner {
  /** Which scanner this is, for logs and the dossier's record ("clamav", "guardduty"). */
  readonly name: string;
  /**
   * The verdict on the object stored under `objectKey`. Never throws for a verdict the scanner gives (an infected
   * file is a result, not an error); `error` when the scanner cannot be reached or cannot decide.
   */
  scan(objectKey: string): Promise<ScanVerdict>;
}

/** True only for a definite clean verdict: pending and error are not clean. Throws nothing. */
export function isClean(verdict: ScanVerdict): boolean {
  return verdict.status === "clean";
}
