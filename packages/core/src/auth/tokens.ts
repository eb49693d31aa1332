import { jwtVerify, SignJWT } from "jose";

/** Tokens are signed with HS256; the issuer names this app. */
const algorithm = "HS256";
const issuer = "chat-stream";

/** Why a token was refused; the authorizer logs it, the client sees 401. */
export class TokenError extends Error {
  override readonly name = "TokenError";
}

/**
 * Signs a token that lets `userId` connect.
 *
 * @param secret - the stage's `TokenSecret`
 * @param expiresIn - a jose duration such as `"12h"`
 */
export async function signUserToken(
  userId: string,
  secret: string,
  expiresIn = "12h",
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: algorithm })
    .setSubject(userId)
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(secretKey(secret));
}

/**
 * Checks a token's signature, issuer and expiry.
 *
 * @returns the user id it was signed for.
 * @throws {TokenError} when the token is missing, forged or expired.
 */
export async function verifyUserToken(
  token: string | undefined,
  secret: string,
): Promise<string> {
  if (!token) throw new TokenError("No token was given.");
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), {
      algorithms: [algorithm],
      issuer,
    });
    if (!payload.sub) throw new TokenError("The token names no user.");
    return payload.sub;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    throw new TokenError(`The token was refused: ${String(error)}`, {
      cause: error,
    });
  }
}

function secretKey(secret: string): Uint8Array {
  if (secret.length < 16) {
    throw new TokenError("The token secret must be at least 16 characters.");
  }
  return new TextEncoder().encode(secret);
}
