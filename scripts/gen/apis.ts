/**
 * The generated type modules (scripts/gen_records.ts writes them whole, in src/generated/):
 * params.ts (what each verb takes), and the resource API interfaces (`ar.users` …) in apis.ts
 * and realm_apis.ts, so that no file grows past ~400 lines.
 * @module
 */
import type { ResourceDef } from "../../src/table/fields.ts";
import { GENERATED_DIR, HEADER } from "./fence.ts";
import { a, apiName, cls, human, jsdoc, OPTS, plural, prop } from "./names.ts";

/** The class actions an API adds to its verbs, and where their interface is. */
const ACTIONS: Record<string, [string, string]> = {
  user: ["UserActions", "../resources/user.ts"],
  auth_provider: ["AuthProviderActions", "../resources/auth_provider.ts"],
  session: ["SessionActions", "../resources/session.ts"],
};

/** The APIs of the realm itself, its settings and its activity: in realm_apis.ts. */
const REALM_SIDE = new Set([
  "realm",
  "auth_provider",
  "login_policy",
  "app_hook",
  "event",
  "notification",
  "jwt_key",
]);

/** What a create requires, in words: "`name` required" or "none required". */
function required(d: ResourceDef): string {
  const req = (k: string) => `\`${k}\``;
  const all = Object.entries(d.fields).filter(([, f]) => f.req === true).map(([k]) => req(k));
  const human = Object.entries(d.fields).filter(([, f]) => f.req === "human" && !f.ro);
  const list = (xs: string[]) =>
    xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
  const forHumans = human.map(([k]) => req(k));
  if (!all.length && !forHumans.length) return "none required";
  return [
    all.length ? `${list(all)} required` : "",
    forHumans.length ? `${list(forHumans)} required for \`user_type: "human"\`` : "",
  ].filter(Boolean).join(", ");
}

/** params.ts: the create, update and list params of every resource. */
export function paramsFile(defs: Record<string, ResourceDef>): string {
  const out: string[] = [
    `${HEADER}
/**
 * The params types of every resource: what \`create\`, \`update\` and \`all\` take.
 * @module
 */
import type { Unchecked } from "../table/check.ts";
import type { TABLE } from "../table/index.ts";
import type { CreateParams, ListParamsOf, UpdateParams } from "../table/types.ts";`,
  ];
  for (const d of Object.values(defs)) {
    const C = cls(d.object);
    const v = new Set(d.verbs);
    const T = `typeof TABLE.${d.object}`;
    if (v.has("create")) {
      out.push(`${
        jsdoc(
          `The attributes of \`ar.${prop(d)}.create\`, from the declaration: its writable fields, ${
            required(d)
          }; \`unchecked({ … })\` sends fields the declaration does not know yet.`,
          "",
        )
      }
export type ${C}CreateParams = CreateParams<${T}> | Unchecked;`);
    }
    if (v.has("update")) {
      out.push(`${
        jsdoc(
          `The attributes of an update of ${
            a(human(d.object))
          }: any writable field (read-only ones are a compile error).`,
          "",
        )
      }
export type ${C}UpdateParams = UpdateParams<${T}> | Unchecked;`);
    }
    if (v.has("list")) {
      out.push(`${
        jsdoc(
          `The params of \`ar.${prop(d)}.all\`: paging, a declared sort${
            d.list?.filters?.length
              ? `, and the filters ${d.list.filters.map((f) => `\`${f}\``).join(", ")}`
              : ""
          }.`,
          "",
        )
      }
export type ${C}ListParams = ListParamsOf<${T}> | Unchecked;`);
    }
  }
  return out.join("\n\n") + "\n";
}

/** The API interface of one resource (`UsersApi`): exactly its verbs, with their JSDoc. */
function apiInterface(d: ResourceDef): string {
  const C = cls(d.object);
  const v = new Set(d.verbs);
  const methods: string[] = [];
  const m = (doc: string, sig: string) => methods.push(`  ${jsdoc(doc)}\n  ${sig};`);
  if (v.has("list")) {
    m(
      `One page of ${plural(d)} (\`GET ${d.path}\`); throws \`ValidationError\` on a bad filter.`,
      `all(params?: P.${C}ListParams, ${OPTS}): Promise<Collection<${C}>>`,
    );
    m(
      `The first ${human(d.object)} (\`max_results: 1\`), or \`null\`.`,
      `first(params?: P.${C}ListParams, ${OPTS}): Promise<${C} | null>`,
    );
    m(
      `Every ${human(d.object)} over every page (follows \`after\`).`,
      `iterate(params?: P.${C}ListParams, ${OPTS}): AsyncGenerator<${C}, void, undefined>`,
    );
  }
  if (v.has("get")) {
    m(
      `One ${human(d.object)} by id (\`GET ${d.path}/:id\`); throws \`RecordNotFound\`.`,
      `find(id: string, params?: Params, ${OPTS}): Promise<${C}>`,
    );
    m(
      `One ${human(d.object)} by id, or \`null\` when there is none.`,
      `retrieve(id: string, params?: Params, ${OPTS}): Promise<${C} | null>`,
    );
  }
  if (v.has("create")) {
    m(
      `Create ${
        a(human(d.object))
      } (\`POST ${d.path}\`); on validation errors the result holds \`errors\`.`,
      `create(attrs: P.${C}CreateParams, ${OPTS}): Promise<${C}>`,
    );
    m(
      `Create ${a(human(d.object))}, or throw \`RecordInvalid\`.`,
      `createOrThrow(attrs: P.${C}CreateParams, ${OPTS}): Promise<${C}>`,
    );
  }
  if (v.has("update")) {
    m(
      `Update ${
        a(human(d.object))
      } by id (\`PUT ${d.path}/:id\`); on validation errors the result holds \`errors\`.`,
      `update(id: string, attrs: P.${C}UpdateParams, ${OPTS}): Promise<${C}>`,
    );
    m(
      `Update ${a(human(d.object))} by id, or throw \`RecordInvalid\`.`,
      `updateOrThrow(id: string, attrs: P.${C}UpdateParams, ${OPTS}): Promise<${C}>`,
    );
  }
  if (v.has("delete")) {
    m(
      `Delete ${
        a(human(d.object))
      } by id (\`DELETE ${d.path}/:id\`); throws \`RecordInvalid\` when refused.`,
      `delete(id: string, params?: Params, ${OPTS}): Promise<true>`,
    );
  }
  const extra = ACTIONS[d.object];
  return `${
    jsdoc(
      `\`ar.${prop(d)}\`: the ${plural(d)} API, with the verbs the table gives it (${
        d.verbs.join(", ")
      })${extra ? " and its actions" : ""}.`,
      "",
    )
  }
export interface ${apiName(d)}${extra ? ` extends ${extra[0]}` : ""} {
${methods.join("\n")}
}`;
}

/** One API module: its header, the imports its interfaces need, and the interfaces. */
function apiModule(what: string[], head: string[], defs: ResourceDef[]): string {
  const imports = [
    ...defs.map((d) => `import type { ${cls(d.object)} } from "../resources/${d.object}.ts";`),
    ...defs.filter((d) => ACTIONS[d.object]).map((d) => {
      const [name, from] = ACTIONS[d.object];
      return `import type { ${name} } from "${from}";`;
    }),
  ];
  return [
    `${HEADER}
/**
 * ${what.join("\n * ")}
 * @module
 */
import type { Collection } from "../collection.ts";
import type { CallOptions, Params } from "../transport.ts";`,
    head.join("\n"),
    imports.join("\n"),
    ...defs.map(apiInterface),
  ].join("\n\n") + "\n";
}

/** apis.ts and realm_apis.ts: the resource APIs, split between the two. */
export function apiFiles(defs: Record<string, ResourceDef>): Record<string, string> {
  const withVerbs = Object.values(defs).filter((d) => d.verbs.length);
  return {
    [`${GENERATED_DIR}/apis.ts`]: apiModule(
      [
        "The API of `ar.<resource>` for users and what they hold (users, orgs, memberships,",
        "sessions, credentials, user tokens), with exactly its verbs. The realm's APIs are in",
        "realm_apis.ts and the params types in params.ts, both re-exported here.",
      ],
      [
        `import type * as P from "./params.ts";`,
        `export type * from "./params.ts";`,
        `export type * from "./realm_apis.ts";`,
      ],
      withVerbs.filter((d) => !REALM_SIDE.has(d.object)),
    ),
    [`${GENERATED_DIR}/realm_apis.ts`]: apiModule(
      [
        "The API of `ar.<resource>` for realms, their settings and their activity (auth",
        "providers, login policies, app hooks, events, notifications, JWT keys), with exactly its",
        "verbs.",
      ],
      [`import type * as P from "./params.ts";`],
      withVerbs.filter((d) => REALM_SIDE.has(d.object)),
    ),
  };
}
