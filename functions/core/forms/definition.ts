/**
 * A procedure's declaration form (tờ khai), as the catalogue stores it and the API serves it
 * (`GET /v1/procedures/{code}` → `form`). Plain types, no zod: the citizen web imports this module and validate.ts.
 * docs/catalogue.md "Writing a form" explains each part.
 */

export interface Text2 {
  vi: string;
  en: string;
}

/** How a field is shown and what it holds; the schema says what is valid. */
export type FieldWidget =
  | "text"
  | "textarea"
  | "number"
  | "money"
  | "date"
  | "choice"
  | "yesno"
  | "id-number"
  | "phone"
  | "email"
  | "address"
  | "person"
  | "document"
  | "group";

/** Shown only when the answer at `field` (a dotted path) equals `equals`. Hidden answers are dropped and not checked. */
export interface VisibleWhen {
  field: string;
  equals: string | number | boolean;
}

export interface FieldUi {
  label: Text2;
  help?: Text2;
  widget: FieldWidget;
  /** Labels of a choice's values (the schema's `enum`), in its order. */
  options?: Record<string, Text2>;
  visibleWhen?: VisibleWhen;
  /** A repeatable group (schema `type: array` of objects): the label of one item ("Con thứ {n}"). */
  itemLabel?: Text2;
}

export interface FormSection {
  id: string;
  title: Text2;
  help?: Text2;
  /** Top-level property names of the schema, in display order. */
  fields: string[];
  visibleWhen?: VisibleWhen;
}

export interface FormUi {
  sections: FormSection[];
  /** Keyed by dotted path (`child.fullName`; items of a repeatable group as `children.*.fullName`). */
  fields: Record<string, FieldUi>;
}

export type JsonSchema = { [key: string]: unknown };

export interface FormDefinition {
  /** 1, 2, …: a dossier records the version it was created under and is always checked against it. */
  version: number;
  /** The legal form it follows, e.g. "Tờ khai đăng ký khai sinh, Mẫu TT-BTP/04/2020, Thông tư 04/2020/TT-BTP". */
  source: string;
  title: Text2;
  /** JSON Schema 2020-12 of `formData` (type object). Custom formats and keywords: validate.ts. */
  schema: JsonSchema;
  ui: FormUi;
}

export type FormValue = string | number | boolean | null | FormValue[] | { [key: string]: FormValue };
export type FormAnswers = { [key: string]: FormValue };
