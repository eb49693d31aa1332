import { signUserToken, TokenError, verifyUserToken } from "@chat-stream/core";
import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";

const secret = "a-secret-of-thirty-two-characters";

describe("user tokens", () => {
  it("round-trips the user id", async () => {
    const token = await signUserToken("alice", secret);
    expect(await verifyUserToken(token, secret)).toBe("alice");
  });

  it("rejects a token signed with another secret", async () => {
    const token = await signUserToken("alice", "another-secret-entirely!");
    await expect(verifyUserToken(token, secret)).rejects.toBeInstanceOf(
      TokenError,
    );
  });

  it("rejects an expired token", async () => {
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("alice")
      .setIssuer("chat-stream")
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10)
      .sign(new TextEncoder().encode(secret));
    await expect(verifyUserToken(token, secret)).rejects.toThrow(/exp/);
  });

  it("rejects a missing or malformed token", async () => {
    await expect(verifyUserToken(undefined, secret)).rejects.toThrow(
      "No token",
    );
    await expect(verifyUserToken("nonsense", secret)).rejects.toBeInstanceOf(
      TokenError,
    );
  });
});
