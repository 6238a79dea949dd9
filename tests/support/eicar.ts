/**
 * The EICAR anti-virus test file (eicar.org): 68 harmless bytes every scanner reports as a virus, made at run time
 * from two halves so that no file of the repository holds it whole (a developer's own anti-virus would quarantine it).
 */
export function eicarBytes(): Uint8Array {
  const head = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$";
  const tail = ["EICAR", "STANDARD", "ANTIVIRUS", "TEST", "FILE!$H+H*"].join("-");
  return new TextEncoder().encode(head + tail);
}
