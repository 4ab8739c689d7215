/**
 * Per-resource rules, one entry per resource (see resources/behaviour.ts for what each hook
 * gets; resources/index.ts holds them to the resource table at start-up).
 * @module
 */
import { MAX_DELAY_S } from "./hooks.ts";
import { type Behaviour, blank } from "./resources/behaviour.ts";

/** The rules, by resource. */
export const RULES: Readonly<Record<string, Behaviour>> = {
  app_hook: {
    check({ rec }) {
      const msgs: string[] = [];
      if (rec.hook_type === "webhook" && blank(rec.destination)) {
        msgs.push("Destination can't be blank");
      }
      const delay = rec.delay;
      if (typeof delay === "number" && !(delay >= 0 && delay <= MAX_DELAY_S)) {
        msgs.push(`Delay must be between 0 and ${MAX_DELAY_S} seconds`);
      }
      return msgs;
    },
  },
  event: {
    present({ out, view }) {
      if (view.list && view.list.get("expand") !== "notifications") delete out.notifications;
    },
  },
};
