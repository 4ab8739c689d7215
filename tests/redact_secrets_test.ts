// Redaction with secrets of every shape, not only the ones its patterns already match (issue
// 10): configured secrets holding spaces, quotes, `&<>`, non-ASCII and astral characters, regex
// metacharacters, one secret inside another; each in every form a server or a URL writes it
// (raw, %20 or + URL-encoded, JSON-escaped with or without \uXXXX in either case, HTML-escaped);
// and fields named in camelCase. Exact outputs, so each part of src/redact.ts is pinned.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { excerpt, redact, sensitiveValues } from "../src/redact.ts";

const M = "[redacted]";

describe("configured secrets of any shape, in every written form", () => {
  it("a secret that holds a shorter one is redacted whole, whatever the order given", () => {
    for (const list of [["abcd", "abcdefgh123"], ["abcdefgh123", "abcd"]]) {
      assert.equal(redact("x abcdefgh123 y abcd z", list), `x ${M} y ${M} z`);
    }
    // The forms count too: a raw secret inside another's escaped form.
    assert.equal(redact("p%20q-long p q", ["p q", "p%20q-long"]), `${M} ${M}`);
  });

  it("URL-encoded: %20 and a form's + for a space, %XX for the rest", () => {
    const s = "p w/é&";
    assert.equal(redact(`a=p%20w%2F%C3%A9%26 b`, [s]), `a=${M} b`);
    assert.equal(redact(`a=p+w%2F%C3%A9%26 b`, [s]), `a=${M} b`);
    assert.equal(redact(`raw p w/é& end`, [s]), `raw ${M} end`);
  });

  it("JSON-escaped: \\\" and \\\\, non-ASCII as is or as \\uXXXX (either case), Rails' \\u003c \\u003e \\u0026", () => {
    const s = 'q"é<\\>&';
    assert.equal(redact(`{"m":"q\\"é<\\\\>&"}`, [s]), `{"m":"${M}"}`);
    assert.equal(redact(`{"m":"q\\"\\u00e9\\u003c\\\\\\u003e\\u0026"}`, [s]), `{"m":"${M}"}`);
    assert.equal(redact(`{"m":"q\\"\\u00E9\\u003C\\\\\\u003E\\u0026"}`, [s]), `{"m":"${M}"}`);
    // Astral characters are escaped as their two halves; ASCII letters never are.
    assert.equal(redact(`"\\ud83d\\ude00-pw-zz"`, ["😀-pw-zz"]), `"${M}"`);
    assert.equal(redact(`"\\uD83D\\uDE00-pw-zz"`, ["😀-pw-zz"]), `"${M}"`);
    assert.equal(redact(`"\\u0070w-zz"`, ["pw-zz"]), `"\\u0070w-zz"`);
  });

  it("HTML-escaped: & < > \" ' as an error page writes them", () => {
    const s = `a&b<c>d"e'f`;
    assert.equal(redact(`<p>a&amp;b&lt;c&gt;d&quot;e&#39;f</p>`, [s]), `<p>${M}</p>`);
    assert.equal(redact(`<p>Tr0ub4dor&amp;3-horse</p>`, ["Tr0ub4dor&3-horse"]), `<p>${M}</p>`);
  });

  it("regex metacharacters are literal; empty and missing secrets are ignored", () => {
    assert.equal(redact("x a.b*c+(d)$ y axbbc", ["a.b*c+(d)$"]), `x ${M} y axbbc`);
    assert.equal(redact("plain words stay", ["", undefined]), "plain words stay");
    assert.equal(redact("plain words stay", []), "plain words stay");
  });

  it("a secret shaped like nothing, in a path, a query, a sentence, glued to words", () => {
    const s = "Zx9-opaque_Value";
    assert.equal(
      redact(`/users/${s}/x?q=${s}&r=1 said ${s}. pre${s}post`, [s]),
      `/users/${M}/x?q=${M}&r=1 said ${M}. pre${M}post`,
    );
  });

  it("excerpt: every form is redacted before the cut", () => {
    const s = "pw é&<long>";
    const text = "x".repeat(150) + "pw+%C3%A9%26%3Clong%3E" + " tail";
    assert.equal(excerpt(text, [s]), "x".repeat(150) + M);
  });
});

describe("names of secret fields and parameters, camelCase too", () => {
  it("apiKey and privateKey fields, apiKey parameters, any case", () => {
    assert.equal(
      redact('{"apiKey":"k1","privateKey":"k2","APIKEY":"k3","api_key":"k4","name":"n"}'),
      `{"apiKey":"${M}","privateKey":"${M}","APIKEY":"${M}","api_key":"${M}","name":"n"}`,
    );
    assert.equal(redact("?apiKey=k1&apikey=k2&x=1"), `?apiKey=${M}&apikey=${M}&x=1`);
    assert.equal(redact("?monkey=1&keyboard=2&api=3"), "?monkey=1&keyboard=2&api=3");
  });

  it("sensitiveValues: apiKey and privateKey values are collected too", () => {
    assert.deepEqual(
      sensitiveValues({ apiKey: "abcdefgh", privateKey: "ijklmnop", monkey: "qrstuvwx" }),
      ["abcdefgh", "ijklmnop"],
    );
  });
});
