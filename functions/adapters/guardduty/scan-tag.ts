/**
 * The object tag GuardDuty Malware Protection for S3 writes on every object it scanned (when the plan's tagging
 * action is enabled), and the values it writes. The stacks' bucket policy (stacks/Storage.ts) and the adapter
 * (./scanner.ts) both read them from here.
 */
export const SCAN_STATUS_TAG = "GuardDutyMalwareScanStatus";

export const SCAN_STATUS = {
  clean: "NO_THREATS_FOUND",
  infected: "THREATS_FOUND",
  /** The file type or size is not one GuardDuty scans. */
  unsupported: "UNSUPPORTED",
  /** GuardDuty could not read the object (its role lacks access, or a KMS key). */
  accessDenied: "ACCESS_DENIED",
  failed: "FAILED",
} as const;
