// Type tests of the declaration: checked by `deno check tests/types/` (deno task check) and by
// tsc on the build (tsconfig.build.json includes tests/). Nothing here runs: each function only
// has to compile, and each `@ts-expect-error` must meet an error, or the check fails.
import type {
  AuthRocket,
  Collection,
  CreateParams,
  Membership,
  Org,
  RecordFields,
  Session,
  User,
} from "../../mod.ts";
import { unchecked } from "../../mod.ts";
import type { ResourceDef, TABLE } from "../../internal.ts";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;
/** Compiles only when `T` is `true`. */
const assertType = <T extends true>(_ok?: T) => {};
/** `true` when `T` is `any` (results must never be). */
type IsAny<T> = 0 extends 1 & T ? true : false;

export async function createParams(ar: AuthRocket): Promise<void> {
  // The right ones compile.
  await ar.users.create({
    user_type: "human",
    username: "sally",
    email: "sally@example.com",
    password: "correct horse",
  });
  await ar.users.create({ user_type: "api", username: "bot" });
  await ar.users.create({ username: "x" }); // no user_type: the type cannot tell, the API decides
  await ar.users.create({ user: { username: "x" }, request: { ip: "10.0.0.1" } });
  await ar.orgs.createOrThrow({ name: "Acme", custom: { tier: 1 } });
  await ar.memberships.create({ user_id: "usr_1", org_id: "org_1", expires_at: new Date() });
  await ar.users.create(unchecked({ username: "x", brand_new_field: 1 })); // the escape hatch

  // @ts-expect-error an unknown attribute in create
  await ar.users.create({ frist_name: "Sal" });
  // @ts-expect-error a missing required field of a human user (no email, no password)
  await ar.users.create({ user_type: "human", username: "sally" });
  // @ts-expect-error an org needs its name
  await ar.orgs.create({});
  // @ts-expect-error an enum outside its values
  await ar.users.create({ user_type: "robot" });
  // @ts-expect-error a read-only field in create
  await ar.users.create({ username: "x", created_at: 1 });
}

export async function updateParams(ar: AuthRocket, user: User): Promise<void> {
  await ar.users.update("usr_1", { first_name: "Sal", password: "new horse!" });
  await user.update({ last_name: "Sue", custom: null });
  // @ts-expect-error an unknown attribute in update
  await ar.users.update("usr_1", { frist_name: "Sal" });
  // @ts-expect-error an unknown attribute in a record's update
  await user.update({ frist_name: "Sal" });
  // @ts-expect-error a read-only field in update
  await user.update({ created_at: new Date() });
  // @ts-expect-error a read-only field in update (the API's token)
  await ar.users.updateOrThrow("usr_1", { token: "kli_x" });
}

export async function associations(ar: AuthRocket, user: User, org: Org): Promise<void> {
  const realm = await ar.realms.find("rl_1");
  const o: Org = await realm.createOrgOrThrow({ name: "Acme" });
  const m: Membership = await user.createMembershipOrThrow({ org_id: o.id });
  await org.createMembership({ user_id: user.id, permissions: ["read"] });
  // @ts-expect-error an unknown attribute in a has_many createX
  await realm.createOrgOrThrow({ nmae: "Acme" });
  // @ts-expect-error the has_many owner's required child field is still required elsewhere
  await org.createMembership({ permissions: ["read"] });
  const users: Collection<User> = await realm.users({ user_type: "api", reload: true });
  // @ts-expect-error an unknown filter on a has_many list
  await realm.users({ frist_name: "x" });
  const s: Session = await ar.sessions.find("kss_1");
  const owner: User = await s.user(); // belongs_to that always exists: never null
  const parent: Org | null = await m.org();
  // @ts-expect-error sessions have no update (a verb the API lacks is absent from the type)
  await s.update({});
  // @ts-expect-error events cannot be created through a realm
  await realm.createEvent({});
  void users, owner, parent;
}

export async function listParams(ar: AuthRocket): Promise<void> {
  await ar.users.all({ user_type: "human", sort: "username", direction: "desc", max_results: 5 });
  await ar.events.all({
    event_type: ["user.login"],
    created_at_after: new Date(),
    expand: "notifications",
  });
  // @ts-expect-error an unknown list filter
  await ar.users.all({ first_name: "Sal" });
  // @ts-expect-error a sort the resource does not declare
  await ar.users.all({ sort: "shoe_size" });
}

export async function results(ar: AuthRocket): Promise<void> {
  const u = await ar.users.find("usr_1");
  assertType<IsAny<typeof u> extends false ? true : false>();
  assertType<Equal<typeof u.user_type, "human" | "api">>();
  assertType<Equal<typeof u.created_at, Date | null>>();
  assertType<Equal<typeof u.username, string>>();
  assertType<Equal<typeof u.email, string | null>>();
  const page = await ar.users.all();
  assertType<IsAny<(typeof page)[number]> extends false ? true : false>();
  const realm = await ar.realms.find("rl_1");
  // The drift the issue found: the class said string, the row standard|email.
  assertType<Equal<typeof realm.username_validation_human, "standard" | "email">>();
  // @ts-expect-error write-only fields are never on a record
  void u.password;
}

// The generated record members agree with the types derived from the declaration: a field type
// or an association that disagrees with the table fails here (the generator is checked too).
type Fields<R, D extends ResourceDef> = Pick<R, keyof RecordFields<D> & keyof R>;
assertType<Equal<Fields<User, typeof TABLE.user>, RecordFields<typeof TABLE.user>>>();
assertType<Equal<Fields<Org, typeof TABLE.org>, RecordFields<typeof TABLE.org>>>();
assertType<
  Equal<Fields<Membership, typeof TABLE.membership>, RecordFields<typeof TABLE.membership>>
>();
assertType<Equal<Fields<Session, typeof TABLE.session>, RecordFields<typeof TABLE.session>>>();
// Every declared (not write-only) field is on the record.
assertType<Equal<Exclude<keyof RecordFields<typeof TABLE.user>, keyof User>, never>>();
assertType<
  Equal<CreateParams<typeof TABLE.org>, CreateParams<typeof TABLE.org>>
>();
