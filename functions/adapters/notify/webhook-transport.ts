import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { Webhook } from "standardwebhooks";
import { ChannelError, type Signing, type WebhookTransport } from "../../core/notify/ports";
import { isPrivateAddress, refusedTarget } from "../../core/notify/targets";

/** Standard Webhooks' headers for a body: one `v1,` signature per active secret, space-separated. */
export function signedHeaders(signing: Signing, body: string): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "dichvucong-webhooks/1",
    "webhook-id": signing.id,
    "webhook-timestamp": String(Math.floor(signing.at.getTime() / 1000)),
    "webhook-signature": signing.secrets.map((secret) => new Webhook(secret).sign(signing.id, signing.at, body)).join(" "),
  };
}

/**
 * Delivers over node's HTTP client, with the address check inside the connection's own DNS lookup: the address
 * connected to is the address checked (no window for a name to resolve elsewhere between check and connect). No
 * redirects are followed; the answer's body is read up to 64 KB and dropped.
 */
export function httpWebhookTransport(options: { allowPrivateTargets: boolean }): WebhookTransport {
  const guardedLookup: LookupFunction = (hostname, lookupOptions, callback) => {
    dnsLookup(hostname, { ...lookupOptions, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 4);
      const list = addresses as unknown as LookupAddress[];
      const refused = !options.allowPrivateTargets && list.find((a) => isPrivateAddress(a.address));
      if (refused) return callback(Object.assign(new Error(`refused private address ${refused.address}`), { code: "EPRIVATE" }), "", 4);
      if (lookupOptions.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
  return {
    post(url, body, signing, timeoutMs) {
      const refused = refusedTarget(url, options.allowPrivateTargets);
      if (refused) return Promise.reject(new ChannelError(`refused target: ${refused}`, true));
      const target = new URL(url);
      const started = performance.now();
      return new Promise((resolve, reject) => {
        const request = (target.protocol === "https:" ? httpsRequest : httpRequest)(
          target,
          { method: "POST", headers: { ...signedHeaders(signing, body), "content-length": Buffer.byteLength(body) }, lookup: guardedLookup, timeout: timeoutMs },
          (response) => {
            let read = 0;
            response.on("data", (chunk: Buffer) => {
              read += chunk.length;
              if (read > 65_536) response.destroy();
            });
            const finish = () => resolve({ status: response.statusCode ?? 0, latencyMs: Math.round(performance.now() - started) });
            response.on("end", finish);
            response.on("close", finish);
            response.on("error", finish);
          },
        );
        request.on("timeout", () => request.destroy(new Error(`timed out after ${timeoutMs} ms`)));
        request.on("error", (err: NodeJS.ErrnoException) => reject(new ChannelError(err.message, err.code === "EPRIVATE")));
        request.end(body);
      });
    },
  };
}
