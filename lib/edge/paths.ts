/**
 * HTTP route paths every edge reads the same way: the characters both Gateway API path matches
 * and ingress-nginx's strict path validation accept, no dot segments, no double slashes.
 */

const PATH = /^\/[A-Za-z0-9._~/-]*$/;

export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'must start with "/"';
  if (path.length > 1024) return `must be at most 1024 characters (has ${path.length})`;
  if (!PATH.test(path)) return 'may contain only letters, digits, "/", "-", ".", "_" and "~" (no regex, query or fragment: Prefix and Exact matches are literal)';
  if (path.includes('//')) return 'must not contain "//"';
  if (/\/\.\.?(\/|$)/.test(path)) return 'must not contain "." or ".." segments';
  return undefined;
}

/**
 * The key two routes collide on: the path without a trailing "/" (a Prefix match ignores it), whatever
 * the pathType: two routes for one path make the backend depend on each controller's precedence rules.
 */
export function pathKey(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
