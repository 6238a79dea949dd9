import { createRoute, z } from "@hono/zod-openapi";
import { createApp } from "./app";

export interface HealthProbe {
  name: string;
  /** Resolves when the store answers; rejects otherwise. */
  check(): Promise<void>;
}

const HealthBody = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.record(z.string(), z.enum(["ok", "unavailable"])),
});

const healthRoute = createRoute({
  method: "get",
  path: "/v1/health",
  tags: ["System"],
  summary: "Liveness of the portal and its stores",
  responses: {
    200: { description: "Every store answers", content: { "application/json": { schema: HealthBody } } },
    503: { description: "A store does not answer", content: { "application/json": { schema: HealthBody } } },
  },
});

/** `GET /v1/health`: ok only when every store answers within two seconds. */
export function systemApp(probes: HealthProbe[]) {
  const app = createApp();
  return app.openapi(healthRoute, async (c) => {
    const results = await Promise.all(
      probes.map(async (probe) => {
        const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), 2_000).unref?.());
        try {
          await Promise.race([probe.check(), timeout]);
          return [probe.name, "ok"] as const;
        } catch {
          return [probe.name, "unavailable"] as const;
        }
      }),
    );
    const checks = Object.fromEntries(results);
    const ok = results.every(([, state]) => state === "ok");
    c.header("cache-control", "no-store");
    if (ok) return c.json({ status: "ok" as const, checks }, 200);
    c.header("retry-after", "2");
    return c.json({ status: "unavailable" as const, checks }, 503);
  });
}
