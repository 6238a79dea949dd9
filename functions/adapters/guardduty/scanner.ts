import { GetObjectTaggingCommand, type S3Client } from "@aws-sdk/client-s3";
import type { MalwareScanner, ScanVerdict } from "../../core/ports";
import { SCAN_STATUS, SCAN_STATUS_TAG } from "./scan-tag";

const isMissing = (err: unknown) =>
  ["NotFound", "NoSuchKey"].includes((err as { name?: string }).name ?? "") ||
  (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * The MalwareScanner port over Amazon GuardDuty Malware Protection for S3 (deployed): GuardDuty scans every new
 * object of the attachments bucket by itself (stacks/Storage.ts) and tags it with its verdict; this reads the tag.
 * No tag yet is `pending` (a scan takes seconds to minutes); a verdict GuardDuty could not reach (unsupported,
 * access denied, failed) is `error`, never clean. The tag does not name the threat: GuardDuty's finding (and the
 * EventBridge event of the scan) does.
 *
 * Needs `s3:GetObjectTagging` on the objects it is asked about.
 */
export function guardDutyScanner(s3: S3Client, bucket: string): MalwareScanner {
  return {
    name: "guardduty",
    verdictsGateDownloads: true, // the bucket policy denies downloads without its clean tag (stacks/Storage.ts)
    async scan(objectKey): Promise<ScanVerdict> {
      let tags: { Key?: string; Value?: string }[];
      try {
        tags = (await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: objectKey }))).TagSet ?? [];
      } catch (err) {
        if (isMissing(err)) return { status: "error", reason: `no stored file ${objectKey}` };
        return {
          status: "error",
          reason: `cannot read the scan tag of ${objectKey}: ${err instanceof Error ? err.message : String(err)}`,
          unavailable: true,
        };
      }
      const value = tags.find((tag) => tag.Key === SCAN_STATUS_TAG)?.Value;
      switch (value) {
        case undefined:
          return { status: "pending" };
        case SCAN_STATUS.clean:
          return { status: "clean" };
        case SCAN_STATUS.infected:
          return { status: "infected", signature: "GuardDuty: THREATS_FOUND (the finding names the threat)" };
        default:
          return { status: "error", reason: `GuardDuty could not scan ${objectKey}: ${value}` };
      }
    },
  };
}
