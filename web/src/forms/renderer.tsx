import { ADMIN_UNITS } from "../../../functions/core/forms/admin-units";
import type { FieldUi, FormAnswers, FormDefinition, FormValue, JsonSchema, Text2 } from "../../../functions/core/forms/definition";
import { displayDate, parseDisplayDate } from "../../../functions/core/forms/formats";
import { answerSections } from "../../../functions/core/forms/lines";
import { FORM_MESSAGES } from "../../../functions/core/forms/messages";
import { checkAnswers, isVisible } from "../../../functions/core/forms/validate";
import { ErrorText, RadioGroup, SelectField, TextArea, TextField } from "../components/ui";

/**
 * The declaration form (tờ khai) of a procedure, rendered from its definition: sections as fieldsets, each answer
 * with its label, hint and error (aria-describedby), conditional sections and fields, repeatable groups, the
 * administrative-unit picker. Loaded lazily by the apply page (its own chunk, with the validator the API runs).
 */

export { answerSections };

export type Lang = "vi" | "en";
export type FormErrors = Record<string, string>;

/** The id of an answer's control: `f-child-dateOfBirth`. */
export const controlId = (path: string) => `f-${path.replace(/\./g, "-")}`;

/** The answers' problems in words, keyed by path without the `formData.` prefix, in the order of the form. */
export function formProblems(form: FormDefinition, answers: FormAnswers, lang: Lang, complete: boolean, documentKeys: string[]): { path: string; message: string }[] {
  const check = checkAnswers(form, answers, { complete, documentKeys });
  return [...check.shape, ...check.rules].map((p) => ({ path: p.path.replace(/^formData\.?/, ""), message: FORM_MESSAGES[p.message]?.[lang] ?? p.message }));
}

export function visibleOnly(form: FormDefinition, answers: FormAnswers): FormAnswers {
  return checkAnswers(form, answers, { complete: false }).answers;
}

function setAt(answers: FormAnswers, path: string, value: FormValue | undefined): FormAnswers {
  const keys = path.split(".");
  const walk = (node: unknown, i: number): FormValue | undefined => {
    const key = keys[i]!;
    const isIndex = /^\d+$/.test(key);
    const copy: Record<string, FormValue> | FormValue[] = Array.isArray(node) ? [...node] : node && typeof node === "object" ? { ...(node as Record<string, FormValue>) } : isIndex ? [] : {};
    const child = i === keys.length - 1 ? value : walk((copy as Record<string, FormValue>)[key], i + 1);
    if (child === undefined && !Array.isArray(copy)) delete (copy as Record<string, FormValue>)[key];
    else (copy as Record<string, FormValue | undefined>)[key] = child;
    return copy as FormValue;
  };
  return walk(answers, 0) as FormAnswers;
}

function getAt(answers: unknown, path: string): unknown {
  let at = answers;
  for (const key of path.split(".")) {
    if (!at || typeof at !== "object") return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

interface Props {
  form: FormDefinition;
  answers: FormAnswers;
  errors: FormErrors;
  lang: Lang;
  documents: { key: string; name: string }[];
  onChange: (answers: FormAnswers) => void;
}

const W = { vi: { yes: "Có", no: "Không", add: "Thêm", remove: "Xóa", province: "Tỉnh, thành phố", commune: "Xã, phường", street: "Số nhà, đường, thôn, xóm", choose: "— Chọn —", optional: "" }, en: { yes: "Yes", no: "No", add: "Add", remove: "Remove", province: "Province or city", commune: "Commune or ward", street: "House number, street, hamlet", choose: "— Choose —", optional: "" } };

export function FormSections(props: Props) {
  const { form, answers, lang } = props;
  const say = (t: Text2 | undefined) => t?.[lang] ?? "";
  const rootProps = (form.schema.properties ?? {}) as Record<string, JsonSchema>;
  const rootRequired = new Set((form.schema.required as string[] | undefined) ?? []);
  const conditional = new Set<string>();
  for (const key of ["then", "else"]) for (const r of (((form.schema[key] as JsonSchema | undefined)?.required as string[]) ?? [])) conditional.add(r);
  const set = (path: string, value: FormValue | undefined) => props.onChange(setAt(answers, path, value));
  const uiOf = (path: string): FieldUi | undefined => form.ui.fields[path] ?? form.ui.fields[path.replace(/\.\d+(?=\.|$)/g, ".*")];

  const field = (path: string, schema: JsonSchema, required: boolean): preact.JSX.Element | null => {
    const ui = uiOf(path);
    if (!ui || !isVisible(ui.visibleWhen, answers)) return null;
    const id = controlId(path);
    const label = say(ui.label);
    const hint = ui.help ? say(ui.help) : undefined;
    const error = props.errors[path];
    const value = getAt(answers, path);
    const optional = !required;
    switch (ui.widget === "group" && schema.type === "array" ? "array" : ui.widget) {
      case "array": {
        const items = Array.isArray(value) ? value : [];
        const itemSchema = (schema.items ?? {}) as JsonSchema;
        return (
          <fieldset class="form-group" id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
            <legend>{label}</legend>
            <ErrorText id={`${id}-error`} message={error} />
            {items.map((_, i) => (
              <fieldset class="form-item" key={i}>
                <legend>{say(ui.itemLabel).replace("{n}", String(i + 1)) || `${i + 1}`}</legend>
                {objectFields(`${path}.${i}`, itemSchema)}
                <button type="button" class="button button-secondary" onClick={() => set(path, items.filter((__, j) => j !== i) as FormValue[])}>
                  {W[lang].remove} {say(ui.itemLabel).replace("{n}", String(i + 1))}
                </button>
              </fieldset>
            ))}
            <button type="button" class="button button-secondary" onClick={() => set(path, [...(items as FormValue[]), {}])}>
              {W[lang].add}: {say(ui.itemLabel).replace("{n}", String(items.length + 1))}
            </button>
          </fieldset>
        );
      }
      case "group":
      case "person":
        return (
          <fieldset class="form-group" id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
            <legend>{label}</legend>
            <ErrorText id={`${id}-error`} message={error} />
            {objectFields(path, schema)}
          </fieldset>
        );
      case "address": {
        const v = (value ?? {}) as Record<string, string>;
        const province = ADMIN_UNITS.provinces.find((p) => p.code === v.province);
        const setPart = (part: string, text: string) => {
          const next = { ...v, [part]: text };
          if (part === "province") delete next.commune;
          for (const k of Object.keys(next)) if (!next[k]) delete next[k];
          set(path, Object.keys(next).length ? next : undefined);
        };
        return (
          <fieldset class="form-group" id={id} tabIndex={-1} aria-describedby={error ? `${id}-error` : undefined}>
            <legend>{label}</legend>
            <ErrorText id={`${id}-error`} message={error} />
            <SelectField id={controlId(`${path}.province`)} label={W[lang].province} value={v.province ?? ""} error={props.errors[`${path}.province`]}
              onValue={(x) => setPart("province", x)} options={[{ value: "", label: W[lang].choose }, ...ADMIN_UNITS.provinces.map((p) => ({ value: p.code, label: p.name }))]} />
            <SelectField id={controlId(`${path}.commune`)} label={W[lang].commune} value={v.commune ?? ""} error={props.errors[`${path}.commune`]}
              onValue={(x) => setPart("commune", x)} options={[{ value: "", label: W[lang].choose }, ...(province?.communes ?? []).map((c) => ({ value: c.code, label: c.name }))]} />
            <TextField id={controlId(`${path}.street`)} label={W[lang].street} value={v.street ?? ""} error={props.errors[`${path}.street`]} onValue={(x) => setPart("street", x)} />
          </fieldset>
        );
      }
      case "yesno":
        return (
          <RadioGroup id={id} name={id} label={label} hint={hint} error={error} inline value={value === true ? "yes" : value === false ? "no" : ""}
            onValue={(x) => set(path, x === "yes")} options={[{ value: "yes", label: W[lang].yes }, { value: "no", label: W[lang].no }]} />
        );
      case "choice": {
        const values = ((schema.enum as string[] | undefined) ?? Object.keys(ui.options ?? {})).map((x) => ({ value: String(x), label: ui.options?.[String(x)]?.[lang] ?? String(x) }));
        return values.length <= 4 ? (
          <RadioGroup id={id} name={id} label={label} hint={hint} error={error} value={typeof value === "string" ? value : ""} onValue={(x) => set(path, x)} options={values} />
        ) : (
          <SelectField id={id} label={label} hint={hint} error={error} optional={optional} value={typeof value === "string" ? value : ""} onValue={(x) => set(path, x || undefined)}
            options={[{ value: "", label: W[lang].choose }, ...values]} />
        );
      }
      case "document":
        return (
          <SelectField id={id} label={label} hint={hint} error={error} optional={optional} value={typeof value === "string" ? value : ""} onValue={(x) => set(path, x || undefined)}
            options={[{ value: "", label: W[lang].choose }, ...props.documents.map((d) => ({ value: d.key, label: d.name }))]} />
        );
      case "textarea":
        return <TextArea id={id} label={label} hint={hint} error={error} optional={optional} value={typeof value === "string" ? value : ""} onValue={(x) => set(path, x === "" ? undefined : x)} />;
      case "date":
        return (
          <TextField id={id} label={label} hint={hint ?? "dd/mm/yyyy"} error={error} optional={optional} width="short" inputMode="numeric"
            value={typeof value === "string" ? displayDate(value) : ""} onValue={(x) => set(path, x.trim() === "" ? undefined : (parseDisplayDate(x) ?? x))} />
        );
      case "number":
      case "money":
        return (
          <TextField id={id} label={label} hint={hint} error={error} optional={optional} width="medium" inputMode="numeric" value={value === undefined ? "" : String(value)}
            onValue={(x) => {
              const clean = x.replace(/[\s.]/g, "").replace(",", ".");
              set(path, clean === "" ? undefined : /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : x);
            }} />
        );
      default:
        return (
          <TextField id={id} label={label} hint={hint} error={error} optional={optional}
            type={ui.widget === "email" ? "email" : ui.widget === "phone" ? "tel" : "text"} inputMode={ui.widget === "id-number" ? "numeric" : undefined}
            value={typeof value === "string" ? value : ""} onValue={(x) => set(path, x === "" ? undefined : x)} />
        );
    }
  };

  const objectFields = (path: string, schema: JsonSchema) => {
    const required = new Set((schema.required as string[] | undefined) ?? []);
    return Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([key, sub]) => (
      <div key={key}>{field(`${path}.${key}`, sub, required.has(key))}</div>
    ));
  };

  return (
    <>
      {form.ui.sections.map((section) =>
        isVisible(section.visibleWhen, answers) ? (
          <section class="panel form-section" key={section.id} aria-labelledby={`s-${section.id}`}>
            <h2 id={`s-${section.id}`}>{say(section.title)}</h2>
            {section.help ? <p class="hint">{say(section.help)}</p> : null}
            {section.fields.map((name) => (
              <div key={name}>{field(name, rootProps[name] ?? {}, rootRequired.has(name) || conditional.has(name))}</div>
            ))}
          </section>
        ) : null,
      )}
    </>
  );
}
