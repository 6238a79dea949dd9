import type { MalwareScanner, ScanVerdict } from "../../core/ports";
import { scanStream, type ClamdAddress, type ClamdClientOptions } from "./clamd-client";

/** Where the scanner reads a stored file from (adapters/s3 `s3ObjectReader`); undefined when it is missing. */
export interface ObjectReader {
  read(objectKey: string): Promise<AsyncIterable<Uint8Array> | undefined>;
}

/**
 * The MalwareScanner port over the ClamAV daemon (the local portal's scanner; functions/local/clamd.ts starts it):
 * the stored file is streamed from storage to clamd, never written to disk here.
 */
export function clamavScanner(address: ClamdAddress, files: ObjectReader, options: ClamdClientOptions = {}): MalwareScanner {
  return {
    name: "clamav",
    verdictsGateDownloads: false, // it answers at once: no verdict is a refusal
    async scan(objectKey): Promise<ScanVerdict> {
      let body: AsyncIterable<Uint8Array> | undefined;
      try {
        body = await files.read(objectKey);
      } catch (err) {
        return { status: "error", reason: `cannot read ${objectKey}: ${err instanceof Error ? err.message : String(err)}`, unavailable: true };
      }
      if (!body) return { status: "error", reason: `no stored file ${objectKey}` };
      return scanStream(address, body, options);
    },
  };
}
