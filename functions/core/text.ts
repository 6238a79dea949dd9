/**
 * Checks on text people type that is later printed, stored, exported or put in a header: names of applicants,
 * files and agencies. Pure functions; they throw nothing.
 */

/** A UTF-16 surrogate without its partner: not a character, and every UTF-8 encoder turns it into U+FFFD (or fails). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** C0 and C1 control characters (NUL, line breaks and tabs included) and DEL. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** True when `text` is well-formed Unicode (no lone surrogate). */
export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** True when `text` can be a name: well-formed, with no control character (no NUL, no line break). */
export function isPrintableName(text: string): boolean {
  return isWellFormed(text) && !CONTROL.test(text);
}

/**
 * True when `key` can be a key of a plain record built from JSON: not a name every object already answers to
 * (`constructor`, `__proto__`, `toString`, `hasOwnProperty`…) nor `prototype`. Such keys either vanish on the way
 * (`__proto__`) or break code that looks the key up (`constructor`).
 */
export function isPlainKey(key: string): boolean {
  return !(key in Object.prototype) && key !== "prototype";
}
