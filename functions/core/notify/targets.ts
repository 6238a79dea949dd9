import { isIP } from "node:net";

/**
 * Where webhooks may go (SSRF): deployed, only public addresses over HTTPS. The subscription's URL is checked when it
 * is made, and every address its host resolves to is checked again when a delivery connects
 * (functions/adapters/webhooks/http-transport.ts), so a name that later resolves inward (DNS rebinding) is refused
 * too. Locally an explicit flag (WEBHOOKS_ALLOW_PRIVATE) lets a receiver on loopback take them.
 */

const V4_BLOCKS: [string, number][] = [
  ["0.0.0.0", 8], // "this" network
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, the instance metadata service
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];

const v4ToInt = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);

function isPrivateV4(ip: string): boolean {
  const n = v4ToInt(ip);
  return V4_BLOCKS.some(([base, bits]) => Math.floor(n / 2 ** (32 - bits)) === Math.floor(v4ToInt(base) / 2 ** (32 - bits)));
}

/** Loopback, private, link-local, reserved or otherwise not a public Internet address. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "");
  const kind = isIP(ip);
  if (kind === 4) return isPrivateV4(ip);
  if (kind !== 6) return true;
  const lower = ip.toLowerCase();
  const mapped = /^(?:0*:)*:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower) ?? /^::(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped) return isPrivateV4(mapped[1]!);
  if (lower === "::" || lower === "::1") return true;
  const first = parseInt(lower.split(":")[0] || "0", 16);
  return (
    (first & 0xfe00) === 0xfc00 || // unique local fc00::/7
    (first & 0xffc0) === 0xfe80 || // link-local fe80::/10
    (first & 0xff00) === 0xff00 || // multicast
    lower.startsWith("64:ff9b:") || // NAT64 (maps to IPv4, any of them)
    lower.startsWith("2001:db8:") ||
    lower.startsWith("100:")
  );
}

/** Why a subscription's URL is refused, or undefined when it is acceptable. */
export function refusedTarget(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "only http(s) URLs";
  if (url.username || url.password) return "no credentials in the URL";
  if (raw.length > 2000) return "URL too long";
  if (allowPrivate) return undefined;
  if (url.protocol !== "https:") return "only https URLs";
  const host = url.hostname.toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) return "a private host";
  if (isIP(host.replace(/^\[|\]$/g, "")) && isPrivateAddress(host)) return "a private or loopback address";
  return undefined;
}
