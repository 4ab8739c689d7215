// The emulated social provider's codes and tokens die on the emulator's clock (injected here,
// never the wall clock): a consent link and its code live 10 minutes, an access token an hour.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { User } from "../../mod.ts";
import { NOW } from "../tokens.ts";
import { emulatorRealm } from "../realm.ts";

const APP = "http://app.example/oauth/callback";

async function world() {
  let t = NOW;
  const { emu, ar } = await emulatorRealm({ name: "Social" }, { now: () => t });
  const google = await ar.authProviders.createOrThrow({
    provider_type: "google",
    client_id: "cid",
    client_secret: "shh",
  });
  const page = (url: string, init?: RequestInit) => emu.fetch(url, init);
  /** A fresh consent link: the page, its state, and the code the provider sends back. */
  const consent = async () => {
    const url = await ar.authProviders.authorizeUrl(google.id, { redirect_uri: APP });
    const state = new URL(url).searchParams.get("state")!;
    const submit = () =>
      page(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ state, email: "gus@example.com", name: "Gus" }),
        redirect: "manual",
      });
    const code = async () => {
      const back = await submit();
      assert.equal(back.status, 302);
      return new URL(back.headers.get("location")!).searchParams.get("code")!;
    };
    return { url, state, code, submit };
  };
  const wait = (seconds: number) => (t += seconds * 1000);
  return { emu, ar, google, page, consent, wait };
}

describe("emulated social logins expire on the emulator's clock", () => {
  it("a code lives 10 minutes: authorized at 9:59, refused at 10:01", async () => {
    const { ar, consent, wait } = await world();
    const early = await consent();
    const earlyCode = await early.code();
    wait(599);
    const ok = await ar.authProviders.authorize({ code: earlyCode, state: early.state });
    assert.ok(ok instanceof User, "still alive at 599 s");
    const late = await consent();
    const lateCode = await late.code();
    wait(601);
    const dead = await ar.authProviders.authorize({ code: lateCode, state: late.state });
    assert.deepEqual(dead.errors, ["Error validating code"]);
  });

  it("a consent link lives 10 minutes: its page and its form say it expired", async () => {
    const { page, consent, wait } = await world();
    const c = await consent();
    assert.equal((await page(c.url)).status, 200);
    wait(601);
    const shown = await page(c.url);
    assert.equal(shown.status, 400);
    assert.match(await shown.text(), /expired/);
    const posted = await c.submit();
    assert.equal(posted.status, 400, "no code for a dead link");
    assert.match(await posted.text(), /expired/);
  });

  it("an access token for a native flow lives an hour", async () => {
    const { emu, google, wait } = await world();
    const first = emu.socialAccessToken(google.id, { email: "gus@example.com" });
    const second = emu.socialAccessToken(google.id, { email: "gus@example.com" });
    wait(3599);
    assert.ok((await google.authorizeToken({ access_token: first })) instanceof User);
    wait(2);
    const dead = await google.authorizeToken({ access_token: second });
    assert.deepEqual(dead.errors, ["Error validating access token"]);
  });
});
