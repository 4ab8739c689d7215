// The revalidation measurement, against the emulator over real HTTP on 127.0.0.1: 100 managed
// sessions, 10,000 requests spread over a simulated 30 minutes (one injected clock for the
// emulator and the revalidation), revalidate: 300 → at most 100 × ⌈1800/300⌉ = 600 API calls;
// a session deleted through the API is refused from the first request after its cached answer
// expires, never later (and never earlier). Each request is `ar.sessions.fromToken(token,
// { revalidate: 300, cache })`: offline verification, then revalidation.
import { it } from "node:test";
import assert from "node:assert/strict";
import { AuthRocket } from "../mod.ts";
import { createEmulator } from "../testing.ts";
import { memoryCache } from "../src/cache/memory.ts";
import { SALLY } from "./helpers.ts";
import { realmOf } from "./realm.ts";
import { verdict } from "./verdict.ts";

const T0 = Date.UTC(2026, 0, 1);
const SESSIONS = 100;
const REQUESTS = 10_000;
const SPAN = 1800; // s
const REVALIDATE = 300; // s

it("100 sessions × 10,000 requests over 30 simulated minutes: ≤ 600 API calls; a deleted session refused on time", async () => {
  let now = T0;
  const clock = () => now;
  const emu = createEmulator({ now: clock, passwordIterations: 1000 });
  const server = await emu.listen();
  try {
    const admin = new AuthRocket({ url: server.url, apiKey: emu.apiKey });
    const { realm, ar } = await realmOf(admin, { name: "measure" });
    const user = await ar.users.createOrThrow(SALLY);
    const sessions: { id: string; token: string }[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const s = await ar.sessions.createOrThrow({ user_id: user.id });
      sessions.push({ id: s.id, token: s.token });
    }

    // The app's client: its own API calls are counted through the onRequest hook.
    const checks: string[] = [];
    const app = new AuthRocket({
      url: server.url,
      apiKey: emu.apiKey,
      realm: realm.id,
      jwtSecret: realm.jwt_key,
      onRequest: ({ method, url }) => {
        const m = /\/sessions\/(kss_\w+)/.exec(url);
        if (method === "GET" && m) checks.push(m[1]);
      },
    });
    const cache = memoryCache({ now: clock });
    /** One request: the token verified offline, its managed session revalidated. */
    const request = async (token: string) => {
      const v = await verdict(
        token,
        { now, revalidate: REVALIDATE, cache },
        (t, o) => app.sessions.fromToken(t, o),
      );
      if (v === "accepted") return "alive";
      assert.equal(v, "revoked", "refused only as revoked");
      return "gone";
    };

    const victim = sessions[7];
    const deleteAt = T0 + 900_000; // halfway
    let deleted = false;
    let lastAliveCheck = -1; // when the API last answered "alive" for the victim (ms)
    const victimSeen: { t: number; state: string }[] = [];
    let seed = 13;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < REQUESTS; i++) {
      now = T0 + Math.floor((i * SPAN * 1000) / REQUESTS);
      if (!deleted && now >= deleteAt) {
        await ar.sessions.delete(victim.id);
        deleted = true;
      }
      const s = sessions[Math.floor(rand() * SESSIONS)];
      const before = checks.length;
      const state = await request(s.token);
      if (s === victim) {
        if (checks.length > before && state === "alive") lastAliveCheck = now;
        victimSeen.push({ t: now, state });
      }
    }

    const bound = SESSIONS * Math.ceil(SPAN / REVALIDATE);
    const perSession = new Map<string, number>();
    for (const id of checks) perSession.set(id, (perSession.get(id) ?? 0) + 1);
    const expires = lastAliveCheck + REVALIDATE * 1000;
    const firstRefused = victimSeen.find((x) => x.state === "gone");
    console.log(
      `revalidation measurement: ${REQUESTS} requests, ${SESSIONS} sessions, ${SPAN} s, ` +
        `revalidate ${REVALIDATE} s → ${checks.length} API calls (bound ${bound}; ` +
        `max ${Math.max(...perSession.values())} per session); deleted session: deleted at ` +
        `${(deleteAt - T0) / 1000} s, cached answer expired at ${(expires - T0) / 1000} s, ` +
        `first refused at ${((firstRefused?.t ?? NaN) - T0) / 1000} s, ` +
        `${victimSeen.filter((x) => x.state === "gone").length}/${victimSeen.length} of its ` +
        `requests refused`,
    );

    assert.ok(checks.length <= bound, `${checks.length} API calls > ${bound}`);
    assert.equal(perSession.size, SESSIONS, "every session was checked with the API");
    assert.ok(Math.max(...perSession.values()) <= Math.ceil(SPAN / REVALIDATE));
    assert.ok(lastAliveCheck > T0 && lastAliveCheck < deleteAt);
    for (const { t, state } of victimSeen) {
      assert.equal(state, t < expires ? "alive" : "gone", `victim at ${(t - T0) / 1000} s`);
    }
    assert.ok(firstRefused && firstRefused.t - expires < 60_000, "refused at its next request");
    assert.equal(perSession.get(victim.id), checks.filter((id) => id === victim.id).length);
  } finally {
    await server.close();
  }
});
