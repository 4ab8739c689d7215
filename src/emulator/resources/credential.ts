/**
 * The credential: a TOTP one gets its secret and shows it until its first verification
 * (`verify`); a password one is hashed, never stored; an API key can be generated.
 * @module
 */
import { passwordErrors, setPassword } from "../auth.ts";
import { errors, json, type Kernel, notFound, randomB62, type Rec, userEvent } from "../kernel.ts";
import { base32Encode, totpOk } from "../totp.ts";
import { type Behaviour, blank, type WriteCtx } from "./behaviour.ts";

/** Add a credential to a user and store it. */
export function addCredential(k: Kernel, user: Rec, c: Rec): Rec {
  return k.store.put("credential", {
    id: k.newId("crd_"),
    user_id: user.id,
    created_at: k.ts(),
    ...c,
  });
}

/** A credential added through the API: TOTP gets a secret, passwords are hashed. */
async function newCredential({ k, rec, attrs, request }: WriteCtx): Promise<Rec> {
  const user = k.store.get("user", rec.user_id as string)!;
  const c: Rec = { ...rec };
  delete c.password;
  delete c.password_confirmation;
  if (c.credential_type === "totp") {
    const realm = k.store.get("realm", user.realm_id as string);
    const secret = base32Encode(crypto.getRandomValues(new Uint8Array(20)));
    const issuer = encodeURIComponent(String(realm?.name ?? "AuthRocket"));
    c.state = "new";
    c.otp_secret = secret;
    c.provisioning_uri = `otpauth://totp/${issuer}:${
      encodeURIComponent(String(user.username))
    }?secret=${secret}&issuer=${issuer}`;
    c.auth_provider_id ??= [...k.store.values("auth_provider", { realm: user.realm_id as string })]
      .find((ap) => ap.provider_type === "totp")?.id ?? null;
  } else if (c.credential_type === "password") {
    await setPassword(k, user.id as string, String(attrs.password));
  } else if (c.credential_type === "api_key" && (!c.api_key || c.api_key === "generate")) {
    c.api_key = `ko_${randomB62(30)}`;
  }
  const stored = addCredential(k, user, c);
  userEvent(k, "user.updated", user, request);
  return stored;
}

/** The credential's behaviour. */
export const credential: Behaviour = {
  check({ k, rec, attrs, old }) {
    const owner = k.store.get("user", rec.user_id as string);
    const msgs: string[] = [];
    if (rec.user_id && !owner) msgs.push("User not found");
    if (rec.credential_type === "totp" && blank(rec.name)) msgs.push("Name can't be blank");
    if (!old && rec.credential_type === "password" && owner) {
      msgs.push(...passwordErrors(k, owner, attrs));
    }
    return msgs;
  },
  create: newCredential,
  present({ out, rec }) {
    if (rec.state !== "new") {
      delete out.otp_secret; // shown only until the first verification
      delete out.provisioning_uri;
    }
  },
  actions: {
    "POST :id/verify": async (c) => {
      const cred = c.record();
      if (!cred) return notFound();
      const ok = cred.credential_type === "totp" &&
        await totpOk(cred.otp_secret as string, String(c.root.code ?? ""), c.k.ts());
      if (!ok) return errors(422, "code", "Verification failed");
      cred.state = "active";
      c.k.store.put("credential", cred);
      return json(200, c.k.out(c.def, cred));
    },
  },
};
