// `deno task bench`: every benchmark, each against its named baseline measured in the same run.
// The verifier runs on Deno (here), Node (the compiled build) and Bun (the source); the Worker
// example's verify path runs in workerd (miniflare, under Node).
import { run as clientBench } from "./client_bench.ts";
import { run as emulatorBench } from "./emulator_bench.ts";
import { run as verifyBench } from "./verify_bench.ts";

console.log(await clientBench());
console.log(await emulatorBench());
console.log(await verifyBench());

const sh = (cmd: string, args: string[]) => {
  const out = new Deno.Command(cmd, { args, stdout: "inherit", stderr: "inherit" }).outputSync();
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed`);
};
sh("node", ["scripts/build_npm.mjs"]);
sh("node", ["npm/esm/bench/verify_bench.js"]);
// Bun's timings vary more between processes (JIT tiering) than within one: three processes.
for (let i = 1; i <= 3; i++) {
  console.log(`\n(Bun, process ${i} of 3)`);
  sh("npx", ["bun", "bench/verify_bench.ts"]);
}
sh("node", ["bench/workerd_bench.mjs"]);
