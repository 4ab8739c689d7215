/**
 * `iterate()`'s iterator: every record over every page, following `after` until `more_results`
 * is false. Hand-written rather than an `async *` generator, whose few promise turns per record
 * cost twice this iterator's (100 µs against 50 per 1,000 records in Deno); it keeps a
 * generator's contract:
 * lazy, one request at a time however `next()` is called, done after `return()`, `throw()` or
 * an error.
 * @module
 */
import { ResponseError } from "./api_errors.ts";
import type { ArRecord, Collection } from "./record.ts";
import type { CallOptions } from "./transport.ts";

/** What the iterator asks for each page (a resource's `all`). */
type PageSource<R> = (
  params: Record<string, unknown>,
  options?: CallOptions,
) => Promise<Collection<R>>;

const DONE: IteratorReturnResult<void> = /* @__PURE__ */ Object.freeze({
  value: undefined,
  done: true,
});

/** The records of every page, fetched one page at a time as they are read. @internal */
export function listIterator<R extends ArRecord>(
  all: PageSource<R>,
  params: Record<string, unknown>,
  options?: CallOptions,
): AsyncGenerator<R, void, undefined> {
  /** The next page's params, or `undefined` when no page is left. */
  let want: Record<string, unknown> | undefined = params;
  /** What ends the walk once the page is read: a page that did not advance the cursor. */
  let stall: ResponseError | undefined;
  let page: R[] = [];
  let i = 0;
  let busy: Promise<unknown> | undefined;
  const end = () => {
    want = stall = undefined;
    page = [];
  };
  const loaded = (asked: Record<string, unknown>, got: Collection<R>) => {
    page = got;
    i = 0;
    const last = got[got.length - 1];
    want = got.moreResults && last?.id ? { ...asked, after: last.id } : undefined;
    if (want && last.id === asked.after) {
      want = undefined;
      stall = new ResponseError(
        `Malformed response: the page after ${last.id} ends with ${last.id} again (more_results with no progress)`,
        200,
        "",
      );
    }
  };
  const it: AsyncGenerator<R, void, undefined> = {
    next() {
      // One request at a time: a call made while a page is on its way waits for it.
      if (busy) return busy.then(() => it.next(), () => it.next());
      if (i < page.length) return Promise.resolve({ value: page[i++], done: false });
      const error = stall;
      if (error) {
        end();
        return Promise.reject(error);
      }
      const asked = want;
      if (!asked) return Promise.resolve(DONE);
      const loading = busy = all(asked, options).then((got) => loaded(asked, got));
      return loading.then(() => {
        busy = undefined;
        return it.next();
      }, (e) => {
        busy = undefined;
        end();
        throw e;
      });
    },
    // Stop: no more requests, and every later next() is done.
    return() {
      end();
      return Promise.resolve(DONE);
    },
    // Stop with `e`, as a generator does when it does not catch it.
    throw(e?: unknown) {
      end();
      return Promise.reject(e);
    },
    // `await using`: stops the walk, as return() does.
    [Symbol.asyncDispose]() {
      end();
      return Promise.resolve();
    },
    [Symbol.asyncIterator]() {
      return it;
    },
  };
  return it;
}
