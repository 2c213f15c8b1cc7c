/**
 * Blob texts by git blob sha. A blob sha names its content, so an entry never goes stale:
 * a document that did not change between two pushes is neither fetched nor decoded again.
 * Bounded by total characters, least recently used first out.
 */
export class BlobCache {
  readonly #texts = new Map<string, string>();
  #chars = 0;

  constructor(readonly maxChars: number) {}

  get(sha: string): string | undefined {
    const text = this.#texts.get(sha);
    if (text !== undefined) {
      this.#texts.delete(sha);
      this.#texts.set(sha, text);
    }
    return text;
  }

  set(sha: string, text: string): void {
    if (text.length > this.maxChars) return;
    const previous = this.#texts.get(sha);
    if (previous !== undefined) {
      this.#texts.delete(sha);
      this.#chars -= previous.length;
    }
    this.#texts.set(sha, text);
    this.#chars += text.length;
    for (const [oldest, oldText] of this.#texts) {
      if (this.#chars <= this.maxChars) break;
      this.#texts.delete(oldest);
      this.#chars -= oldText.length;
    }
  }

  get size(): number {
    return this.#texts.size;
  }
}

/** The process-wide cache (64 Mi characters: thousands of task documents). */
export const blobCache = new BlobCache(64 * 1024 * 1024);
