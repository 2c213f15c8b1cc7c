import type { FakeContext } from "./context.js";
import type { RouteRequest } from "./router.js";

/** GitHub caps `per_page` at 100 without complaint. */
const PER_PAGE_MAX = 100;

/**
 * One page of a list and GitHub's `Link` header (`first`, `prev`, `next`, `last`), built from
 * the request's own URL so that a client following `next` comes back through the same prefix.
 */
export function paginate<T>(ctx: FakeContext, request: RouteRequest, items: T[], defaultPerPage = 30): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(PER_PAGE_MAX, Math.max(1, Number(request.query.per_page ?? defaultPerPage)));
  const page = Math.max(1, Number(request.query.page ?? 1));
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number): string => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request.query)) if (key !== "page" && value !== undefined) params.set(key, String(value));
    params.set("page", String(target));
    return `<${ctx.urls.base}${request.prefix}${request.path}?${params.toString()}>`;
  };
  const rels: string[] = [];
  if (page > 1) rels.push(`${link(page - 1)}; rel="prev"`);
  if (page < last) rels.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
  if (page > 1) rels.push(`${link(1)}; rel="first"`);
  return { items: slice, headers: rels.length === 0 ? {} : { link: rels.join(", ") } };
}
