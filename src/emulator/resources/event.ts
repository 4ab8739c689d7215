/**
 * The event: a list shows its notifications only when asked (`expand=notifications`); one
 * event by id always does.
 * @module
 */
import type { Behaviour } from "./behaviour.ts";

/** The event's behaviour. */
export const event: Behaviour = {
  present({ out, view }) {
    if (view.list && view.list.get("expand") !== "notifications") delete out.notifications;
  },
};
