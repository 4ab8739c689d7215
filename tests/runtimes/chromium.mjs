// Debian's Chromium, driven by playwright-core: one launch for every browser test (found on PATH;
// .ci/run's first stage installs it when missing). Headless, no sandbox (CI runs as root), and
// nothing that would reach the internet on its own (QUIC, background networking, updates, sync).
import { execFileSync } from "node:child_process";
import { chromium } from "playwright-core";

const EXECUTABLE = execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"])
  .toString().trim();
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launch Chromium for a test (close it in the test's `after`). */
export const launchChromium = () => chromium.launch({ executablePath: EXECUTABLE, args: ARGS });
