#!/usr/bin/env node
/**
 * `authrocket-edge emulator` on its own, for the line the guides give:
 * `deno run --allow-net --allow-read --allow-write src/emulator/cli.ts [options]` (options
 * only; a leading `emulator` is allowed). The command itself is src/cli/emulator.ts.
 * @module
 */
import process from "node:process";
import { emulatorCommand } from "../cli/emulator.ts";
import { start } from "../cli/run.ts";

const argv = process.argv.slice(2);
start("emulator", emulatorCommand, argv[0] === "emulator" ? argv.slice(1) : argv);
