import { describe as group, expect, it } from "vitest";
import { describe } from "../../functions/core/messages";

/**
 * `describe` (functions/core/messages.ts) renders an error code's message. Codes reach it from many places (zod
 * issues, import problems, field errors): a code that names something every object inherits must read as unknown,
 * never as a function or a missing title (a TypeError, and a 500 where a problem was being rendered).
 */
group("describe: the message of an error code", () => {
  it.each(["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__"])(
    "treats %s as an unknown code: its own name for a title, no detail",
    (code) => {
      for (const language of ["vi", "en"] as const) expect(describe(code, language)).toEqual({ title: code });
    },
  );

  it("renders a known code in each language, its placeholders from the params the error carries", () => {
    expect(describe("route.not_found", "en", { method: "GET", path: "/x" })).toEqual({
      title: "No such route",
      detail: "GET /x does not exist.",
    });
    expect(describe("route.not_found", "vi", { method: "GET", path: "/x" }).detail).toBe("GET /x không tồn tại.");
  });

  it("fills a placeholder only from the params' own values, never from what an object inherits", () => {
    // Params built on a prototype that has the names (as a parsed object with a poisoned prototype would be).
    const inherited = Object.create({ method: "DELETE", path: "/v1/everything" }) as Record<string, string>;
    expect(describe("route.not_found", "en", inherited).detail).toBe("{method} {path} does not exist.");
  });
});
