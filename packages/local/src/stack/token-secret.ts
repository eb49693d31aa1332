import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * The local stack's token signing secret. It is made once per checkout
 * and kept in `.local/`, so tokens printed by `npm run token` stay valid
 * across restarts. `TOKEN_SECRET` in the environment wins, which is how a
 * token is made for a deployed stage.
 */
export async function loadTokenSecret(file: string): Promise<string> {
  const fromEnvironment = process.env.TOKEN_SECRET;
  if (fromEnvironment) return fromEnvironment;

  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    const secret = randomBytes(32).toString("base64url");
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
    return secret;
  }
}
