/**
 * The JWT key: one made without a key of its own gets one (an RS256 public key, or a `jsk_`
 * HS256 secret).
 * @module
 */
import { exportSPKI, generateKeyPair } from "jose";
import { randomB62 } from "../kernel.ts";
import type { Behaviour } from "./behaviour.ts";

/** The jwt key's behaviour. */
export const jwtKey: Behaviour = {
  async beforeInsert({ rec }) {
    rec.expired = false;
    if (rec.key) return;
    if (rec.algo === "rs256") {
      const { publicKey } = await generateKeyPair("RS256", { extractable: true });
      rec.key = await exportSPKI(publicKey);
    } else rec.key = `jsk_${randomB62(40)}`;
  },
};
