#!/usr/bin/env node
/**
 * The `authrocket-edge` command (the npm package's bin; `npm run -s cli --` from a clone;
 * `deno run --allow-net --allow-read --allow-write --allow-env src/cli/main.ts`): the
 * emulator server and the token tools. See `authrocket-edge --help`.
 * @module
 */
import process from "node:process";
import { cli, start } from "./run.ts";

const argv = process.argv.slice(2);
// The command's name goes into its error messages ("authrocket-edge token: …").
start(argv[0] === "emulator" || argv[0] === "token" ? argv[0] : "", cli, argv);
