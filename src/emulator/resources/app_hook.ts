/**
 * The app hook: a webhook needs its destination, and a delivery delay stays within what the
 * emulator's deliverer keeps.
 * @module
 */
import { MAX_DELAY_S } from "../webhook_delivery.ts";
import { type Behaviour, blank } from "./behaviour.ts";

/** The app hook's behaviour. */
export const appHook: Behaviour = {
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
};
