/**
 * Per-resource rules, one entry per resource (see resources/behaviour.ts for what each hook
 * gets; resources/index.ts holds them to the resource table at start-up).
 * @module
 */
import type { Behaviour } from "./resources/behaviour.ts";

/** The rules, by resource. */
export const RULES: Readonly<Record<string, Behaviour>> = {
  event: {
    present({ out, view }) {
      if (view.list && view.list.get("expand") !== "notifications") delete out.notifications;
    },
  },
};
