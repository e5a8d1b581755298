// Which methods a path answers to, from the routes a fastify instance registered (its onRoute
// hook feeds this). Lets the not-found handler tell "no such route" (404) from "this route, but
// not with that method" (405 with an Allow header), which fastify's router alone does not.

interface Route {
  readonly pattern: RegExp;
  readonly methods: Set<string>;
}

/** Fastify's URL syntax as a RegExp: `:param` is one segment, `*` the rest of the path. */
function patternOf(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

export interface RouteTable {
  add(method: string | string[], url: string): void;
  /** Methods registered for routes matching the path, sorted; empty when no route matches. */
  methodsFor(path: string): string[];
}

export function createRouteTable(): RouteTable {
  const routes = new Map<string, Route>();
  return {
    add(method, url) {
      const route = routes.get(url) ?? { pattern: patternOf(url), methods: new Set<string>() };
      for (const m of Array.isArray(method) ? method : [method]) route.methods.add(m.toUpperCase());
      routes.set(url, route);
    },
    methodsFor(path) {
      const methods = new Set<string>();
      for (const route of routes.values()) if (route.pattern.test(path)) for (const m of route.methods) methods.add(m);
      return [...methods].sort();
    },
  };
}
