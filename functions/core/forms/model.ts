import { z } from "zod";
import type { FormDefinition as FormDefinitionType, JsonSchema } from "./definition";
import { FORM_FORMATS } from "./formats";

/**
 * The catalogue's check of a form definition (imports and the sample catalogue): the shape of the UI hints, and a
 * walk of the schema refusing what the validator would not understand (an unknown keyword or format, a `$ref` out of
 * the form, a pattern that is no regular expression) and UI hints that name no property. docs/catalogue.md.
 */

const KNOWN_KEYWORDS = new Set([
  "$schema", "$id", "$defs", "$ref", "$comment", "title", "description", "default", "examples", "type", "enum", "const",
  "properties", "required", "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "uniqueItems", "minLength",
  "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "allOf", "anyOf",
  "oneOf", "not", "if", "then", "else", "dependentRequired", "minProperties", "maxProperties",
  "x-not-future", "x-commune-in-province", "x-document",
]);
const STANDARD_FORMATS = new Set(["date", "date-time", "time", "uri", "email", "uuid"]);
const SUBSCHEMA_MAPS = ["properties", "$defs"];
const SUBSCHEMA_LISTS = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SUBSCHEMAS = ["items", "not", "if", "then", "else", "additionalProperties"];

/** Every problem of a form schema, as `path: reason` (English: it is read by whoever writes the catalogue). */
export function schemaProblems(schema: unknown): { path: string; reason: string }[] {
  const problems: { path: string; reason: string }[] = [];
  const walk = (node: unknown, path: string) => {
    if (typeof node === "boolean") return;
    if (!node || typeof node !== "object" || Array.isArray(node)) {
      problems.push({ path, reason: "a schema must be an object or a boolean" });
      return;
    }
    const s = node as JsonSchema;
    for (const key of Object.keys(s)) {
      if (!KNOWN_KEYWORDS.has(key)) problems.push({ path: `${path}/${key}`, reason: `unknown keyword "${key}"` });
    }
    if (s.$schema !== undefined && s.$schema !== "https://json-schema.org/draft/2020-12/schema") {
      problems.push({ path: `${path}/$schema`, reason: "only JSON Schema 2020-12 is supported" });
    }
    if (typeof s.$ref === "string" && !s.$ref.startsWith("#/$defs/")) problems.push({ path: `${path}/$ref`, reason: "a $ref must point into #/$defs" });
    if (s.format !== undefined && !(typeof s.format === "string" && (s.format in FORM_FORMATS || STANDARD_FORMATS.has(s.format)))) {
      problems.push({ path: `${path}/format`, reason: `unknown format ${JSON.stringify(s.format)}` });
    }
    if (s.pattern !== undefined) {
      try {
        if (typeof s.pattern !== "string") throw new Error("not a string");
        new RegExp(s.pattern, "u");
      } catch (err) {
        problems.push({ path: `${path}/pattern`, reason: `not a regular expression (${(err as Error).message})` });
      }
    }
    const types = ["string", "number", "integer", "boolean", "object", "array", "null"];
    const t = s.type;
    if (t !== undefined && !(typeof t === "string" ? types.includes(t) : Array.isArray(t) && t.every((x) => types.includes(x as string)))) {
      problems.push({ path: `${path}/type`, reason: `unknown type ${JSON.stringify(t)}` });
    }
    if (s.required !== undefined && !(Array.isArray(s.required) && s.required.every((r) => typeof r === "string"))) {
      problems.push({ path: `${path}/required`, reason: "required must be a list of property names" });
    }
    for (const key of SUBSCHEMA_MAPS) {
      const map = s[key];
      if (map === undefined) continue;
      if (!map || typeof map !== "object" || Array.isArray(map)) problems.push({ path: `${path}/${key}`, reason: `${key} must be an object` });
      else for (const [name, sub] of Object.entries(map)) walk(sub, `${path}/${key}/${name}`);
    }
    for (const key of SUBSCHEMA_LISTS) {
      const list = s[key];
      if (list === undefined) continue;
      if (!Array.isArray(list)) problems.push({ path: `${path}/${key}`, reason: `${key} must be a list` });
      else list.forEach((sub, i) => walk(sub, `${path}/${key}/${i}`));
    }
    for (const key of SUBSCHEMAS) if (s[key] !== undefined) walk(s[key], `${path}/${key}`);
  };
  walk(schema, "#");
  if (!problems.length) {
    const root = schema as JsonSchema;
    if (root.type !== "object" || !root.properties) problems.push({ path: "#", reason: "the root must be {type: \"object\", properties: {…}}" });
  }
  return problems;
}

const Text2 = z.object({ vi: z.string().trim().min(1).max(500), en: z.string().trim().min(1).max(500) });
const VisibleWhen = z.object({ field: z.string().min(1).max(200), equals: z.union([z.string(), z.number(), z.boolean()]) });
const FieldUi = z.object({
  label: Text2,
  help: Text2.optional(),
  widget: z.enum(["text", "textarea", "number", "money", "date", "choice", "yesno", "id-number", "phone", "email", "address", "person", "document", "group"]),
  options: z.record(z.string(), Text2).optional(),
  visibleWhen: VisibleWhen.optional(),
  itemLabel: Text2.optional(),
});

export const FormDefinition = z
  .object({
    version: z.number().int().min(1).max(10_000),
    source: z.string().trim().min(1).max(1000),
    title: Text2,
    schema: z.record(z.string(), z.unknown()),
    ui: z.object({
      sections: z
        .array(z.object({ id: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]*$/), title: Text2, help: Text2.optional(), fields: z.array(z.string()).min(1), visibleWhen: VisibleWhen.optional() }))
        .min(1)
        .max(30),
      fields: z.record(z.string(), FieldUi),
    }),
  })
  .superRefine((form, ctx) => {
    for (const problem of schemaProblems(form.schema)) {
      ctx.addIssue({ code: "custom", path: ["schema"], message: `invalid form schema at ${problem.path}: ${problem.reason}` });
    }
    const props = (form.schema.properties ?? {}) as Record<string, unknown>;
    const placed = new Set<string>();
    form.ui.sections.forEach((section, i) => {
      section.fields.forEach((field, j) => {
        if (!(field in props)) ctx.addIssue({ code: "custom", path: ["ui", "sections", i, "fields", j], message: `the section names "${field}", which the schema does not define` });
        if (placed.has(field)) ctx.addIssue({ code: "custom", path: ["ui", "sections", i, "fields", j], message: `"${field}" is placed in two sections` });
        placed.add(field);
      });
    });
    for (const name of Object.keys(props)) {
      if (!placed.has(name)) ctx.addIssue({ code: "custom", path: ["ui", "sections"], message: `the property "${name}" is in no section` });
      if (!form.ui.fields[name]) ctx.addIssue({ code: "custom", path: ["ui", "fields"], message: `the property "${name}" has no label in ui.fields` });
    }
  }) as unknown as z.ZodType<FormDefinitionType>;
