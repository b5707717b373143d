/**
 * Typed-array columns in fixed pages of 65,536 entries: growing adds a page and never copies (a
 * doubling array copies everything it holds and allocates twice the memory at each step — half of the
 * id index's cost on a 2-million-line log was that). Pages are allocated on first write; a read of a
 * page never written gives 0.
 */

/** Bits of an index that select the entry within its page. */
export const PAGE_BITS = 16;
/** Entries per page. */
export const PAGE_SIZE = 1 << PAGE_BITS;
/** Mask of the in-page part of an index. */
export const PAGE_MASK = PAGE_SIZE - 1;

/** The typed arrays a paged column can hold. */
type PageArray = Int32Array | Uint16Array;

/** A growable typed-array column, 0 where never written; `newPage` makes one zeroed page. */
class PagedColumn<T extends PageArray> {
  /** Pages by number; null: not allocated (reads as zeros). */
  pages: (T | null)[] = Array.from({ length: 64 }, () => null);

  constructor(private readonly newPage: (length: number) => T) {}

  /** Entry `i` (0 when never written). */
  get(i: number): number {
    const page = this.pages[i >>> PAGE_BITS];
    return page === undefined || page === null ? 0 : page[i & PAGE_MASK]!;
  }

  /** Sets entry `i` (a value the array type holds). */
  set(i: number, value: number): void {
    const n = i >>> PAGE_BITS;
    let page = this.pages[n];
    if (page === undefined || page === null) page = this.page(n);
    page[i & PAGE_MASK] = value;
  }

  /** Page `n`, allocated (zeroed) when missing. */
  page(n: number): T {
    if (n >= this.pages.length) {
      // Replaced, not pushed to: the array keeps one elements kind and a capacity that is a power of 2.
      let size = this.pages.length * 2;
      while (size <= n) size *= 2;
      this.pages = Array.from({ length: size }, (_, i): T | null => this.pages[i] ?? null);
    }
    let page = this.pages[n]!;
    if (page === null) {
      page = this.newPage(PAGE_SIZE);
      this.pages[n] = page;
    }
    return page;
  }
}

/** A growable Int32 column, 0 where never written. */
export class PagedInt32 extends PagedColumn<Int32Array> {
  constructor() {
    super((length) => new Int32Array(length));
  }
}

/** A growable Uint16 column (values 0..65535), 0 where never written. */
export class PagedUint16 extends PagedColumn<Uint16Array> {
  constructor() {
    super((length) => new Uint16Array(length));
  }
}
