/** An absolute `https://` URL with a host. */
export function httpsUrlProblem(text: string): string | undefined {
  try {
    return new URL(text).protocol === 'https:' ? undefined : 'an https:// URL';
  } catch {
    return 'an https:// URL';
  }
}

/** A path relative to the repository (so every machine renders the same output). */
export function relativePathProblem(text: string): string | undefined {
  return typeof text === 'string' && text !== '' && !text.startsWith('/') ? undefined : 'a relative path, so every machine renders the same output';
}

/** An absolute file path inside a container, without `..` nor a trailing `/`. */
export function containerFilePathProblem(path: string): string | undefined {
  const fine = typeof path === 'string' && path.startsWith('/') && !path.endsWith('/') && !path.includes('..');
  return fine ? undefined : 'an absolute file path without ".."';
}

/** An absolute URL path such as `/healthz`. */
export function urlPathProblem(path: string): string | undefined {
  return typeof path === 'string' && /^\/[A-Za-z0-9._~/-]*$/.test(path) ? undefined : 'an absolute URL path such as "/healthz"';
}
