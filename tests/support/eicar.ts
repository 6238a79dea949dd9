/**
 * The EICAR anti-virus test file (eicar.org): 68 harmless bytes every scanner reports as a virus, made at run time
 * from two halves so that no file of the repository holds it whole (a developer's own anti-virus would quarantine it).
 */
export function eicarBytes(): Uint8Array {
  const head = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
  const tail = ["EICAR", "STANDARD", "ANTIVIRUS", "TEST", "FILE!$H+H*"].join("-");
  return new TextEncoder().encode(head + tail);
}

/**
 * A well-formed PDF carrying the EICAR file in a content stream: it passes the content check (it is a PDF), and a
 * scanner that opens PDFs (ClamAV does) finds the EICAR file inside. Made at run time, like `eicarBytes`.
 */
export function pdfCarrying(payload: Uint8Array = eicarBytes()): Uint8Array {
  const head = `%PDF-1.4\n1 0 obj\n<< /Length ${payload.byteLength} >>\nstream\n`;
  const tail = "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  return new Uint8Array(Buffer.concat([Buffer.from(head), Buffer.from(payload), Buffer.from(tail)]));
}
