import { UnavailableError } from "../core/errors";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "UND_ERR_SOCKET",
]);
const THROTTLE_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "ThrottlingException",
  "RequestLimitExceeded",
  "SlowDown",
  "ServiceUnavailable",
  "InternalServerError",
  "TimeoutError",
  "RequestTimeout",
]);

/** True when an SDK error means "the store did not answer" rather than "the store said no". */
export function isUnavailable(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const e = err as { code?: string; name?: string; cause?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name && THROTTLE_NAMES.has(e.name)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return e.cause !== undefined && e.cause !== err && isUnavailable(e.cause);
}

type Stack = {
  add: (
    mw: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
    options: { step: "initialize"; name: string },
  ) => void;
};

/**
 * Wraps every call of an SDK client so that a store that does not answer surfaces as the domain's
 * UnavailableError (503 with Retry-After), once the SDK's own retries are spent.
 */
export function translateUnavailable(client: { middlewareStack: unknown }, store: string): void {
  (client.middlewareStack as Stack).add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (err) {
        if (isUnavailable(err)) throw new UnavailableError(store, err);
        throw err;
      }
    },
    { step: "initialize", name: `unavailable-${store}` },
  );
}
