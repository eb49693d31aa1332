/**
 * Writes the analytics tests' fixture archive to a folder, for trying
 * `npm run query` without a running stack:
 *
 *   npx tsx tests/local/write-analytics-fixture.ts /tmp/fixture-archive
 *   npm run query -- tokens-per-day --archive /tmp/fixture-archive
 */
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { writeFixtureArchive } from "./analytics-fixture";

const target = process.argv[2];
if (!target) {
  console.error("usage: write-analytics-fixture.ts <folder>");
  process.exit(2);
}

const directory = resolve(target);
await rm(directory, { recursive: true, force: true });
const fixture = await writeFixtureArchive(directory);
console.log(
  `${fixture.objects.length} objects, ${fixture.records.length} records ` +
    `(${fixture.messages.length} messages) written to ${directory}`,
);
