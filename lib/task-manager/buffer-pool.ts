/**
 * InnoDB's buffer pool, sized from the MySQL container's memory limit. The pod is Guaranteed
 * (requests equal limits), so the limit is the memory MySQL has, all of the time.
 */

/** InnoDB's chunk size (innodb_buffer_pool_chunk_size, 128M by default): the pool is a whole number of chunks. */
export const BUFFER_POOL_CHUNK_MEBIBYTES = 128;
/**
 * The share of the memory limit given to the pool (3/5, exact in integers); the rest is for
 * connections, performance_schema, logs and temporary tables.
 */
export const BUFFER_POOL_SHARE = { numerator: 3, denominator: 5 } as const;
/** Below this limit the share would leave too little for the rest of the server (performance_schema alone takes ~200Mi). */
export const MIN_MYSQL_MEMORY_MEBIBYTES = 512;

/**
 * The buffer pool in MiB: 60 % of the limit, rounded down to whole chunks (never above the share).
 * With one pool instance (rendered next to it) the size is a multiple of chunk x instances, so
 * InnoDB uses exactly this value instead of rounding it up.
 */
export function innodbBufferPoolMebibytes(memoryLimitMebibytes: number): number {
  if (!Number.isInteger(memoryLimitMebibytes) || memoryLimitMebibytes < MIN_MYSQL_MEMORY_MEBIBYTES) {
    throw new Error(`a MySQL memory limit of at least ${MIN_MYSQL_MEMORY_MEBIBYTES}Mi is needed, got ${memoryLimitMebibytes}Mi`);
  }
  const { numerator, denominator } = BUFFER_POOL_SHARE;
  const chunks = Math.floor((memoryLimitMebibytes * numerator) / (denominator * BUFFER_POOL_CHUNK_MEBIBYTES));
  return chunks * BUFFER_POOL_CHUNK_MEBIBYTES;
}
