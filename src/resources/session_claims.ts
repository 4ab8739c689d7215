/**
 * A `Session` built from a verified login token's claims (spec §6.2): its `User`, their
 * memberships and orgs, all without an API call. The session resource's side of the verifier:
 * the JWT core (src/jwt/) returns claims and imports no record class.
 * @module
 */
import type { RecordClient } from "../record.ts";
import { Collection } from "../record.ts";
import { Membership } from "./membership.ts";
import { Org } from "./org.ts";
import { Session } from "./session.ts";
import { User } from "./user.ts";

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);

/**
 * Build the Session, its User and their memberships from verified claims (the caller's own
 * copy: nested values are handed to the records as they are).
 */
export function sessionFromClaims(
  token: string,
  c: Record<string, unknown>,
  client: RecordClient | undefined,
): Session {
  const uid = str(c.uid);
  const aud = Array.isArray(c.aud) ? str(c.aud[0]) : str(c.aud);
  const session = new Session({
    object: "session",
    id: str(c.tk),
    created_at: num(c.iat),
    expires_at: num(c.exp),
    token,
    user_id: uid,
  }, client);
  const user = new User({
    object: "user",
    id: uid,
    realm_id: aud,
    username: str(c.un),
    first_name: str(c.fn),
    last_name: str(c.ln),
    name: str(c.n),
    custom: c.cs ?? null,
  }, client);
  if (Array.isArray(c.m)) {
    const ms = new Collection<Membership>();
    for (const m of c.m as Record<string, unknown>[]) {
      if (!m || typeof m !== "object") continue;
      const oid = str(m.oid);
      const data: Record<string, unknown> = {
        object: "membership",
        permissions: Array.isArray(m.p) ? m.p : [],
        custom: m.cs ?? null,
        user_id: uid,
        org_id: oid,
      };
      const mb = new Membership(data, client);
      mb._store("user", user);
      if (oid && m.o !== undefined) {
        const org = { object: "org", id: oid, realm_id: aud, name: m.o, custom: m.ocs ?? null };
        mb._store("org", new Org(org, client));
      }
      ms.push(mb);
    }
    user._store("memberships", ms);
  }
  session._store("user", user);
  return session;
}
