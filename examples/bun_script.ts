// A Bun script that lists a realm's users through the client.
//
//   AUTHROCKET_URL=https://api-e1.authrocket.com/v1 AUTHROCKET_API_KEY=ko_… \
//     AUTHROCKET_REALM=rl_… bun examples/bun_script.ts
//
// Settings come from Bun's env (AUTHROCKET_URI, or AUTHROCKET_URL + _API_KEY + _REALM).
import { AuthRocket } from "../mod.ts";

/** Print every user of the configured realm, one line each; returns how many. */
export async function listUsers(ar: AuthRocket, print = console.log): Promise<number> {
  let n = 0;
  for await (const user of ar.users.iterate({ max_results: 100 })) {
    print(`${user.id}\t${user.user_type}\t${user.username}\t${user.name ?? ""}`);
    n++;
  }
  print(`${n} user(s)`);
  return n;
}

if (import.meta.main) {
  const env = (globalThis as unknown as { Bun: { env: Record<string, string | undefined> } }).Bun
    .env;
  await listUsers(AuthRocket.fromEnv(env));
}
