/**
 * The user token (a signup in progress): its username is free in its realm and its password
 * passes the realm's rule; only the password's hash is kept, for the user it becomes.
 * @module
 */
import { findUser, passwordErrors, setPassword } from "../auth.ts";
import type { Behaviour } from "./behaviour.ts";

/** The user token's behaviour. */
export const userToken: Behaviour = {
  check({ k, rec, attrs }) {
    const realm = rec.realm_id as string;
    const taken = typeof rec.username === "string" &&
      findUser(k, rec.username.toLowerCase(), realm);
    return [
      ...(taken ? ["Username has already been taken"] : []),
      ...passwordErrors(k, rec, attrs),
    ];
  },
  beforeInsert({ rec }) {
    rec.credential_type = "password"; // the credential a signup with it will get
  },
  // Only the password's hash is kept (write-only fields are never stored), for the user the
  // token becomes.
  afterInsert: ({ k, rec, attrs }) => setPassword(k, rec.id as string, String(attrs.password)),
};
