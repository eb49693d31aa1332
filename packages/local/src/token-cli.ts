/**
 * `npm run token -- <userId> [expiresIn]`: prints a token that lets
 * `userId` connect to the local stack (or to a deployed stage when
 * `TOKEN_SECRET` holds that stage's secret).
 */
import { join } from "node:path";
import { signUserToken } from "@chat-stream/core";
import { localDirectory } from "./stack/paths";
import { loadTokenSecret } from "./stack/token-secret";

const [userId, expiresIn = "12h"] = process.argv.slice(2);
if (!userId || !/^[\w.@-]{1,128}$/.test(userId)) {
  console.error(
    "Usage: npm run token -- <userId> [expiresIn]\n" +
      "userId: 1-128 letters, digits or . _ @ -; expiresIn: e.g. 30m, 12h.",
  );
  process.exit(2);
}

const secret = await loadTokenSecret(join(localDirectory(), "token-secret"));
console.log(await signUserToken(userId, secret, expiresIn));
