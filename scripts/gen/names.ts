/**
 * Names and types the generator derives from a row of the resource table (scripts/gen_records.ts).
 * @module
 */
import type { Field, ResourceDef } from "../../src/table/fields.ts";

/** `app_hook` → `AppHook`. */
export const pascal = (s: string): string =>
  s.split("_").map((w) => w[0].toUpperCase() + w.slice(1)).join("");
/** The record class of an object type. */
export const cls = (object: string): string => pascal(object);
/** The resource API interface (`AppHooksApi`). */
export const apiName = (d: ResourceDef): string => `${pascal(d.path)}Api`;
/** The client's property (`ar.appHooks`). */
export const prop = (d: ResourceDef): string =>
  d.path.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
/** The resource in words, plural (`app hooks`). */
export const plural = (d: ResourceDef): string => d.path.replace(/_/g, " ");
/** The object type in words (`app hook`). */
export const human = (object: string): string => object.replace(/_/g, " ");
/** With its article (`an app hook`, `a user`). */
export const a = (word: string): string =>
  /^([aeio]|u(?!s))/.test(word) ? `an ${word}` : `a ${word}`;

/** The options parameter of every verb, and of association readers. */
export const OPTS = "options?: CallOptions";
export const ASSOC_OPTS = "options?: CallOptions & { reload?: boolean }";

/** The type a record reads for a field: the same rule as `FieldType` in src/table/types.ts. */
export function fieldType(f: Field): string {
  const base = f.kind === "enum" ? f.values!.map((v) => JSON.stringify(v)).join(" | ") : {
    string: "string",
    int: "number",
    bool: "boolean",
    time: "Date",
    hash: "Record<string, unknown>",
    array: f.of === "hash" ? "Record<string, unknown>[]" : "string[]",
  }[f.kind as Exclude<Field["kind"], "enum">];
  const nullable = !(f.kind === "enum" || f.kind === "array" || f.always || f.req === true ||
    f.req === "realm" || f.default !== undefined);
  return [base, nullable ? "null" : "", f.optional ? "undefined" : ""].filter(Boolean).join(" | ");
}

/** A JSDoc comment at `indent`, on one line when it fits in 100 columns, else wrapped. */
export function jsdoc(text: string, indent = "  "): string {
  if (indent.length + text.length + 7 <= 100) return `/** ${text} */`;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent.length + 3 + line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return `/**\n${lines.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */`;
}
