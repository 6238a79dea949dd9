import { format as FORMATS, Validator, type OutputUnit } from "@cfworker/json-schema";
import { communeInProvince, isProvince } from "./admin-units";
import type { FormAnswers, FormDefinition, FormValue, JsonSchema, VisibleWhen } from "./definition";
import { FORM_FORMATS, isVnDate, vietnamToday } from "./formats";

/**
 * The one validator of declaration answers, run by the API (at create and at submit, against the form version the
 * dossier recorded) and by the citizen web (as the citizen types). Standard JSON Schema 2020-12 is interpreted by
 * @cfworker/json-schema (no eval, no new Function); the custom formats are plain functions registered once; the
 * custom keywords are checked by a walk of the schema here:
 *  - `x-not-future: true` on a `vn-date` string: not after today in Vietnam;
 *  - `x-commune-in-province: true` on an address object `{province, commune, …}`: the commune is in the province;
 *  - `x-document: true` on a string: one of the procedure's document keys.
 * Problems are `{path, message}` with a dotted path under `formData` and a message code (forms/messages.ts).
 * `shape` problems (wrong type, unknown field, too big) are a 400; `rules` problems (missing, format, range) a 422.
 */

for (const [name, check] of Object.entries(FORM_FORMATS)) (FORMATS as Record<string, (v: string) => boolean>)[name] = check;

export interface FormProblem {
  path: string;
  message: string;
}

export interface FormCheck {
  shape: FormProblem[];
  rules: FormProblem[];
  /** The answers the citizen can see (hidden sections and fields dropped): what is stored. */
  answers: FormAnswers;
}

export interface CheckOptions {
  /** At submit: every required answer must be there. At create (a draft): missing answers are fine. */
  complete: boolean;
  now?: Date;
  /** The procedure's document keys, for `x-document` fields. */
  documentKeys?: readonly string[];
  /** Path prefix of every problem; default `formData`. */
  prefix?: string;
}

export const MAX_FORM_BYTES = 64 * 1024;
const MAX_DEPTH = 6;

const validators = new WeakMap<JsonSchema, Validator>();
function validatorOf(schema: JsonSchema): Validator {
  let v = validators.get(schema);
  if (!v) {
    v = new Validator(schema as never, "2020-12", false);
    validators.set(schema, v);
  }
  return v;
}

const CONTAINERS = new Set([
  "properties", "items", "prefixItems", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "$ref", "additionalProperties",
  "unevaluatedProperties", "unevaluatedItems", "patternProperties", "dependentSchemas", "contains", "propertyNames", "$defs",
]);
const SHAPE = new Set(["type", "false", "maxProperties"]);
const KEYWORD_MESSAGE: Record<string, string> = {
  required: "form.required",
  type: "form.type",
  false: "form.unknown_field",
  enum: "form.choice",
  const: "form.choice",
  minLength: "form.too_short",
  maxLength: "form.too_long",
  minimum: "form.too_small",
  exclusiveMinimum: "form.too_small",
  maximum: "form.too_large",
  exclusiveMaximum: "form.too_large",
  multipleOf: "form.not_integer",
  minItems: "form.too_few",
  maxItems: "form.too_many",
  pattern: "form.pattern",
  maxProperties: "form.too_big",
};

function pointerToPath(pointer: string): string[] {
  return pointer
    .replace(/^#\/?/, "")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => decodeURIComponent(s).replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The value at a dotted path of the answers, or undefined. */
export function answerAt(answers: unknown, path: string): unknown {
  let at: unknown = answers;
  for (const key of path.split(".")) {
    if (at === null || typeof at !== "object" || !Object.prototype.hasOwnProperty.call(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

export function isVisible(rule: VisibleWhen | undefined, answers: unknown): boolean {
  return !rule || answerAt(answers, rule.field) === rule.equals;
}

/** The answers without those of hidden sections and hidden top-level fields (they are neither checked nor kept). */
export function visibleAnswers(definition: FormDefinition, answers: FormAnswers): FormAnswers {
  const out: FormAnswers = { ...answers };
  for (const section of definition.ui.sections) {
    const shown = isVisible(section.visibleWhen, answers);
    for (const field of section.fields) {
      if (!shown || !isVisible(definition.ui.fields[field]?.visibleWhen, answers)) delete out[field];
    }
  }
  return out;
}

/** Bounds checked before any schema: depth, size, and keys that are not plain (`__proto__`, `constructor`). */
function checkBounds(value: unknown, prefix: string): FormProblem[] {
  const problems: FormProblem[] = [];
  let bytes = 0;
  const walk = (v: unknown, path: string[], depth: number) => {
    if (problems.length > 20) return;
    if (depth > MAX_DEPTH) {
      problems.push({ path: [prefix, ...path].join("."), message: "form.too_big" });
      return;
    }
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...path, String(i)], depth + 1));
    else if (v !== null && typeof v === "object") {
      for (const key of Object.keys(v)) {
        if (key in Object.prototype || key === "prototype") problems.push({ path: [prefix, ...path, key].join("."), message: "form.unknown_field" });
        else walk((v as Record<string, unknown>)[key], [...path, key], depth + 1);
      }
    } else if (typeof v === "string") bytes += v.length;
    else if (typeof v === "number" && !Number.isFinite(v)) problems.push({ path: [prefix, ...path].join("."), message: "form.type" });
  };
  walk(value, [], 0);
  if (bytes > MAX_FORM_BYTES) problems.push({ path: prefix, message: "form.too_big" });
  return problems;
}

/** The custom keywords, on the values that are present (missing ones are the schema's `required`). */
function customChecks(schema: unknown, value: unknown, path: string[], options: CheckOptions, out: FormProblem[], prefix: string): void {
  if (!schema || typeof schema !== "object") return;
  const s = schema as JsonSchema;
  const at = (...more: string[]) => [prefix, ...path, ...more].join(".");
  if (s["x-not-future"] === true && typeof value === "string" && isVnDate(value) && value > vietnamToday(options.now ?? new Date())) {
    out.push({ path: at(), message: "form.date_future" });
  }
  if (s["x-commune-in-province"] === true && value && typeof value === "object" && !Array.isArray(value)) {
    const { province, commune } = value as Record<string, unknown>;
    if (typeof province === "string" && province !== "") {
      if (!isProvince(province)) out.push({ path: at("province"), message: "form.unknown_province" });
      else if (typeof commune === "string" && commune !== "" && !communeInProvince(province, commune)) {
        out.push({ path: at("commune"), message: "form.commune_not_in_province" });
      }
    }
  }
  if (s["x-document"] === true && typeof value === "string" && options.documentKeys && !options.documentKeys.includes(value)) {
    out.push({ path: at(), message: "form.document_unknown" });
  }
  const props = s.properties as Record<string, unknown> | undefined;
  if (props && value && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, sub] of Object.entries(props)) {
      if (Object.prototype.hasOwnProperty.call(value, key)) customChecks(sub, (value as Record<string, unknown>)[key], [...path, key], options, out, prefix);
    }
  }
  if (s.items && Array.isArray(value)) value.forEach((item, i) => customChecks(s.items, item, [...path, String(i)], options, out, prefix));
  for (const key of ["allOf", "anyOf", "oneOf"]) {
    if (Array.isArray(s[key])) for (const sub of s[key] as unknown[]) customChecks(sub, value, path, options, out, prefix);
  }
  for (const key of ["then", "else"]) if (s[key]) customChecks(s[key], value, path, options, out, prefix);
}

function fromUnit(unit: OutputUnit, prefix: string): FormProblem | undefined {
  if (CONTAINERS.has(unit.keyword)) return undefined;
  const path = pointerToPath(unit.instanceLocation);
  if (unit.keyword === "required") {
    const name = /required property "(.*)"/.exec(unit.error)?.[1];
    if (name !== undefined) path.push(name);
  }
  const message =
    unit.keyword === "format"
      ? `form.format.${/format "(.*)"/.exec(unit.error)?.[1] ?? ""}`
      : (KEYWORD_MESSAGE[unit.keyword] ?? "form.invalid");
  return { path: [prefix, ...path].join("."), message };
}

/**
 * Checks answers against a form version. Pure (the clock is `options.now`); throws nothing.
 * Each path gets its first problem only, so a field shows one message.
 */
export function checkAnswers(definition: FormDefinition, input: unknown, options: CheckOptions): FormCheck {
  const prefix = options.prefix ?? "formData";
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    return { shape: [{ path: prefix, message: "form.type" }], rules: [], answers: {} };
  }
  const bounds = checkBounds(input, prefix);
  if (bounds.length) return { shape: bounds, rules: [], answers: {} };
  const answers = visibleAnswers(definition, input as FormAnswers);
  const shape: FormProblem[] = [];
  const rules: FormProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: FormProblem, isShape: boolean) => {
    if (seen.has(problem.path)) return;
    seen.add(problem.path);
    (isShape ? shape : rules).push(problem);
  };
  for (const unit of validatorOf(definition.schema).validate(answers as FormValue).errors) {
    if (!options.complete && unit.keyword === "required") continue;
    const problem = fromUnit(unit, prefix);
    if (problem) add(problem, SHAPE.has(unit.keyword));
  }
  const custom: FormProblem[] = [];
  customChecks(definition.schema, answers, [], options, custom, prefix);
  for (const problem of custom) add(problem, false);
  const order = (a: FormProblem, b: FormProblem) => fieldOrder(definition, a.path, prefix) - fieldOrder(definition, b.path, prefix);
  return { shape: shape.sort(order), rules: rules.sort(order), answers };
}

/** Problems in the order the form shows its fields, so "the first error" is the first on screen. */
function fieldOrder(definition: FormDefinition, path: string, prefix: string): number {
  const top = path.slice(prefix.length + 1).split(".")[0] ?? "";
  let i = 0;
  for (const section of definition.ui.sections) {
    for (const field of section.fields) {
      if (field === top) return i;
      i++;
    }
  }
  return i;
}
