import type { Redis } from "ioredis";
import type { RepositoryTags, RepositoryTagStore } from "../github/repository-tag-store.js";

/** Tags unused this long are dropped: a repository not reconciled for a week gets a full sync. */
const TTL_SECONDS = 7 * 24 * 3600;

/** The reconcile's tags in Redis, shared by every instance: one JSON string per repository. */
export function redisTagStore(redis: Redis, prefix = "taskmirror:tags:"): RepositoryTagStore {
  const key = (repository: string) => `${prefix}${repository.toLowerCase()}`;
  return {
    async get(repository) {
      const text = await redis.get(key(repository));
      if (text === null) return undefined;
      try {
        const tags = JSON.parse(text) as Partial<RepositoryTags>;
        if (typeof tags.branch !== "string" || typeof tags.head !== "string" || typeof tags.issues !== "string") return undefined;
        const project = tags.project;
        const stamped =
          project && typeof project.updatedAt === "string" && typeof project.login === "string" && typeof project.number === "number" && (project.ownerType === "User" || project.ownerType === "Organization");
        return { branch: tags.branch, head: tags.head, issues: tags.issues, ...(stamped ? { project } : {}) };
      } catch {
        return undefined;
      }
    },
    async set(repository, tags) {
      await redis.set(key(repository), JSON.stringify(tags), "EX", TTL_SECONDS);
    },
    async delete(repository) {
      await redis.del(key(repository));
    },
  };
}
