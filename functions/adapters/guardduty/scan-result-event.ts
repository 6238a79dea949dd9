import { z } from "zod";
import type { ScanVerdict } from "../../core/ports";
import { SCAN_STATUS } from "./scan-tag";

/**
 * The EventBridge event GuardDuty Malware Protection for S3 publishes for every object it scanned (to the default
 * bus, `source: aws.guardduty`): which object, and what the scan found. Only what the portal reads is checked.
 * https://docs.aws.amazon.com/guardduty/latest/ug/monitor-with-eventbridge-s3-malware-protection.html
 */
export const SCAN_RESULT_DETAIL_TYPE = "GuardDuty Malware Protection Object Scan Result";

const ScanResultEvent = z.object({
  source: z.literal("aws.guardduty"),
  "detail-type": z.literal(SCAN_RESULT_DETAIL_TYPE),
  detail: z.object({
    resourceType: z.literal("S3_OBJECT"),
    s3ObjectDetails: z.object({ bucketName: z.string().min(1), objectKey: z.string().min(1) }),
    scanResultDetails: z.object({
      scanResultStatus: z.string(),
      threats: z.array(z.object({ name: z.string() })).nullish(),
    }),
  }),
});

export interface ScanResult {
  bucket: string;
  objectKey: string;
  verdict: ScanVerdict;
}

/** The scan result an event carries; undefined for an event that is not one. Throws nothing. */
export function readScanResultEvent(event: unknown): ScanResult | undefined {
  const parsed = ScanResultEvent.safeParse(event);
  if (!parsed.success) return undefined;
  const { s3ObjectDetails: object, scanResultDetails: result } = parsed.data.detail;
  const status = result.scanResultStatus;
  const verdict: ScanVerdict =
    status === SCAN_STATUS.clean
      ? { status: "clean" }
      : status === SCAN_STATUS.infected
        ? { status: "infected", signature: result.threats?.map((t) => t.name).filter(Boolean).join(", ") || "GuardDuty: THREATS_FOUND" }
        : { status: "error", reason: `GuardDuty could not scan ${object.objectKey}: ${status}` };
  // Keys in S3 event notifications are URL-encoded (spaces as "+"); GuardDuty's are the key itself. Ours never hold
  // either character, so a decoded key is the same key.
  return { bucket: object.bucketName, objectKey: object.objectKey, verdict };
}
