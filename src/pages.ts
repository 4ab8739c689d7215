/**
 * `iterate()`'s iterator: every record over every page, following `after` until `more_results`
 * is false. Hand-written rather than an `async *` generator, whose few promise turns per record
 * cost twice this iterator's (100 µs against 50 per 1,000 records in Deno); it keeps a
 * generator's contract:
 * lazy, one request at a time however `next()` is called, done after `return()`, `throw()` or
 * an error.
 * @module
 */
import { ResponseError } from "./errors.ts";
import type { ArRecord, Collection } from "./record.ts";
import type { CallOptions } from "./transport.ts";

/** What the iterator asks for each page (a resource's `all`). */
type PageSource<R> = (
  params: Record<string, unknown>,
  options?: CallOptions,
) => Promise<Collection<R>>;

const DONE: IteratorReturnResult<void> = Object.freeze({ value: undefined, done: true });

/** The records of every page, fetched one page at a time as they are read. @internal */
export class PageIterator<R extends ArRecord> implements AsyncGenerator<R, void, undefined> {
  readonly #all: PageSource<R>;
  readonly #options: CallOptions | undefined;
  /** The next page's params, or `undefined` when no page is left. */
  #params: Record<string, unknown> | undefined;
  /** What ends the walk once the page is read: a page that did not advance the cursor. */
  #stall: ResponseError | undefined;
  #page: R[] = [];
  #i = 0;
  #busy: Promise<unknown> | undefined;

  /** @param all the page source; @param params the first page's; @param options per call */
  constructor(all: PageSource<R>, params: Record<string, unknown>, options?: CallOptions) {
    this.#all = all;
    this.#params = params;
    this.#options = options;
  }

  /** The next record, fetching the next page when this one is read. */
  next(): Promise<IteratorResult<R, void>> {
    // One request at a time: a call made while a page is on its way waits for it.
    if (this.#busy) return this.#busy.then(() => this.next(), () => this.next());
    if (this.#i < this.#page.length) {
      return Promise.resolve({ value: this.#page[this.#i++], done: false });
    }
    const stall = this.#stall;
    if (stall) {
      this.#end();
      return Promise.reject(stall);
    }
    const params = this.#params;
    if (!params) return Promise.resolve(DONE);
    const loading = this.#all(params, this.#options).then((page) => this.#loaded(params, page));
    this.#busy = loading;
    return loading.then(() => {
      this.#busy = undefined;
      return this.next();
    }, (e) => {
      this.#busy = undefined;
      this.#end();
      throw e;
    });
  }

  #loaded(params: Record<string, unknown>, page: Collection<R>): void {
    this.#page = page;
    this.#i = 0;
    const last = page[page.length - 1];
    if (!page.moreResults || !last?.id) this.#params = undefined;
    else if (last.id === params.after) {
      this.#params = undefined;
      this.#stall = new ResponseError(
        `Malformed response: the page after ${last.id} ends with ${last.id} again (more_results with no progress)`,
        200,
        "",
      );
    } else this.#params = { ...params, after: last.id };
  }

  #end(): void {
    this.#params = undefined;
    this.#stall = undefined;
    this.#page = [];
    this.#i = 0;
  }

  /** Stop: no more requests, and every later `next()` is done. */
  return(): Promise<IteratorResult<R, void>> {
    this.#end();
    return Promise.resolve(DONE);
  }

  /** Stop with `e` (as a generator does when it does not catch it). */
  throw(e?: unknown): Promise<IteratorResult<R, void>> {
    this.#end();
    return Promise.reject(e);
  }

  /** `await using`: stops the walk, as `return()` does. */
  [Symbol.asyncDispose](): Promise<void> {
    this.#end();
    return Promise.resolve();
  }

  /** The iterator itself, for `for await`. */
  [Symbol.asyncIterator](): this {
    return this;
  }
}
