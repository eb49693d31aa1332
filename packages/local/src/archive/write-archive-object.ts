import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";

const gzipAsync = promisify(gzip);

/** What one written object holds. */
export interface WrittenObject {
  key: string;
  bytes: number;
  compressedBytes: number;
}

/**
 * Writes record data, concatenated as it is, as one gzip object at
 * `<directory>/<key>`. The object is written to a temporary name beside
 * its final one and renamed, so a reader listing `*.gz` never sees a
 * partial object.
 */
export async function writeArchiveObject(
  directory: string,
  key: string,
  parts: readonly Uint8Array[],
): Promise<WrittenObject> {
  const data = Buffer.concat(parts);
  const compressed = await gzipAsync(data);

  const path = join(directory, key);
  const temporaryPath = `${path}.tmp`;
  await mkdir(dirname(path), { recursive: true });

  try {
    await writeFile(temporaryPath, compressed);
    await rename(temporaryPath, path);
  } catch (error) {
    await rm(temporaryPath, { force: true });
    throw error;
  }

  return { key, bytes: data.length, compressedBytes: compressed.length };
}
