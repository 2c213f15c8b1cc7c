import type { RepositoryTags, RepositoryTagStore } from "./repository-tag-store.js";

/** The tags in this process (by repository, lower-cased). A few hundred bytes per repository. */
export class MemoryTagStore implements RepositoryTagStore {
  readonly #tags = new Map<string, RepositoryTags>();

  async get(repository: string): Promise<RepositoryTags | undefined> {
    return this.#tags.get(repository.toLowerCase());
  }

  async set(repository: string, tags: RepositoryTags): Promise<void> {
    this.#tags.set(repository.toLowerCase(), tags);
  }

  async delete(repository: string): Promise<void> {
    this.#tags.delete(repository.toLowerCase());
  }
}
