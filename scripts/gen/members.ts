/**
 * The generated members of a record class: its field declarations, verbs and association
 * methods, each one call to the generic implementation its client carries
 * (`this._methods().update(this, …)`, src/record_methods.ts), which reaches the transport.
 * @module
 */
import type { Field, ResourceDef } from "../../src/table/fields.ts";
import { a, ASSOC_OPTS, cls, fieldType, human, jsdoc, OPTS, plural } from "./names.ts";

/**
 * What a field's flags say that its type does not (the rest of its doc is the table's prose, when
 * the table has something to say about it).
 */
function facts(f: Field): string[] {
  const out: string[] = [];
  if (f.req === true) out.push("Required on create.");
  if (f.req === "human") out.push("Required on create for human users.");
  if (f.req === "realm") out.push("Required on create; the client's `realm` setting gives it.");
  if (f.ro) out.push("Set by the API (never in params).");
  const dflt = f.default ?? (f.kind === "enum" && !f.ro ? f.values![0] : undefined);
  if (dflt !== undefined && !f.ro) out.push(`Default: \`${JSON.stringify(dflt)}\`.`);
  if (f.lower) out.push("Lower-cased by the API.");
  if (f.unique) out.push("Unique in its realm.");
  return out;
}

/** The generated members of one record class, and the names they import. */
export function members(
  d: ResourceDef,
  defs: Record<string, ResourceDef>,
  docOf: (object: string, field: string) => string | undefined,
): { code: string; types: Set<string>; classes: Set<string> } {
  const types = new Set<string>(["CallOptions"]);
  const classes = new Set<string>();
  const C = cls(d.object);
  const out: string[] = [];
  const add = (doc: string, sig: string, body?: string) =>
    out.push(`${jsdoc(doc)}\n${sig}${body ? ` {\n    return ${body};\n  }` : ";"}\n`);
  const call = (name: string, args: string) => `this._methods().${name}(this, ${args})`;
  // The fields as one block (no blank line between them), then the methods.
  const fields = Object.entries(d.fields).filter(([k, f]) => k !== "id" && !f.wo);
  out.push(
    fields.map(([k, f]) => {
      const doc = [docOf(d.object, k), ...facts(f)].filter(Boolean).join(" ");
      // deno doc --lint asks every public member for JSDoc: a field needs one thing to say.
      if (!doc) {
        throw new Error(`src/table/${d.object}.ts: ${k} has no flag to tell: give it a /** doc */`);
      }
      return `${jsdoc(doc)}\ndeclare readonly ${k}: ${fieldType(f)};`;
    }).join("\n") + "\n",
  );
  const verbs = new Set(d.verbs);
  if (verbs.has("get")) {
    add(
      `Refetch the ${human(d.object)} from the API (\`GET ${d.path}/:id\`).`,
      `reload(${OPTS}): Promise<this>`,
      call("reload", "options"),
    );
  }
  if (verbs.has("update")) {
    types.add(`${C}UpdateParams`);
    add(
      `Update it (\`PUT ${d.path}/:id\`): \`true\`, or \`false\` with \`errors\` filled.`,
      `update(attrs: ${C}UpdateParams, ${OPTS}): Promise<boolean>`,
      call("update", "attrs, options"),
    );
    add(
      "Update it, or throw `RecordInvalid`.",
      `updateOrThrow(attrs: ${C}UpdateParams, ${OPTS}): Promise<true>`,
      call("updateOrThrow", "attrs, options"),
    );
  }
  if (verbs.has("delete")) {
    types.add("Params");
    add(
      `Delete it (\`DELETE ${d.path}/:id\`): \`true\`, or \`false\` with \`errors\` filled.`,
      `delete(params?: Params, ${OPTS}): Promise<boolean>`,
      call("delete", "params, options"),
    );
  }
  const required = new Set<string>(d.belongsToRequired ?? []);
  for (const [name, object] of Object.entries(d.belongsTo ?? {})) {
    const P = cls(object);
    classes.add(object);
    const doc = required.has(name)
      ? `Its ${human(object)} (belongs_to, by \`${object}_id\`; cached once loaded).`
      : `Its ${
        human(object)
      } (belongs_to, by \`${object}_id\`; cached once loaded), or \`null\` without one.`;
    add(
      doc,
      `${name}(${ASSOC_OPTS}): Promise<${P}${required.has(name) ? "" : " | null"}>`,
      call("belongsTo", `"${name}", options`),
    );
  }
  for (const [name, object] of Object.entries(d.hasMany ?? {})) {
    const child = defs[object];
    const S = cls(object);
    classes.add(object);
    const key = `${d.object}_id`;
    const cv = new Set(child.verbs);
    const what = plural(child);
    if (cv.has("list")) {
      types.add("AssociationParamsOf").add("Collection").add("TABLE");
      add(
        `Its ${what} (has_many: \`GET ${child.path}?${key}=\`); an unfiltered load is cached.`,
        `${name}(params?: AssociationParamsOf<typeof TABLE.${object}, "${key}">, ${OPTS}): Promise<Collection<${S}>>`,
        call("hasMany", `"${name}", params, options`),
      );
    }
    if (cv.has("get")) {
      types.add("Params");
      add(
        `One of its ${what}, by id; throws \`RecordNotFound\`.`,
        `find${S}(id: string, params?: Params, ${OPTS}): Promise<${S}>`,
        call("findChild", `"${object}", id, params, options`),
      );
    }
    if (cv.has("create")) {
      types.add("OwnedCreateParams").add("TABLE").add("Unchecked");
      const attrs = `attrs: OwnedCreateParams<typeof TABLE.${object}, "${key}"> | Unchecked`;
      add(
        `Create ${
          a(human(object))
        } with its \`${key}\`; on validation errors the result holds \`errors\`.`,
        `create${S}(${attrs}, ${OPTS}): Promise<${S}>`,
        call("createChild", `"${object}", attrs, options`),
      );
      add(
        `Create ${a(human(object))} with its \`${key}\`, or throw \`RecordInvalid\`.`,
        `create${S}OrThrow(${attrs}, ${OPTS}): Promise<${S}>`,
        call("createChildOrThrow", `"${object}", attrs, options`),
      );
    }
    if (cv.has("update")) {
      types.add(`${S}UpdateParams`);
      add(
        `Update one of its ${what}; on validation errors the result holds \`errors\`.`,
        `update${S}(id: string, attrs: ${S}UpdateParams, ${OPTS}): Promise<${S}>`,
        call("updateChild", `"${object}", id, attrs, options`),
      );
      add(
        `Update one of its ${what}, or throw \`RecordInvalid\`.`,
        `update${S}OrThrow(id: string, attrs: ${S}UpdateParams, ${OPTS}): Promise<${S}>`,
        call("updateChildOrThrow", `"${object}", id, attrs, options`),
      );
    }
    if (cv.has("delete")) {
      types.add("Params");
      add(
        `Delete one of its ${what} (\`DELETE ${child.path}/:id\`); \`RecordInvalid\` if refused.`,
        `delete${S}(id: string, params?: Params, ${OPTS}): Promise<true>`,
        call("deleteChild", `"${object}", id, params, options`),
      );
    }
  }
  classes.delete(d.object);
  return { code: out.join("\n"), types, classes };
}
