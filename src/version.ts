/** The library's version, sent in the `User-Agent`. Kept equal to deno.json's by a test. */
export const VERSION = "0.1.0";
