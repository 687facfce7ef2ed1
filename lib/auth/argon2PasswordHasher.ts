import { hash, verify } from "@node-rs/argon2";
import type { PasswordHasher } from "../domain/accounts";

/**
 * argon2id with the library's defaults (19 MiB, 2 passes: OWASP's recommended minimum), on libuv's thread
 * pool, so a sign-in never blocks the event loop. The PHC string carries its parameters: raising them later
 * still verifies old hashes.
 */
export const argon2PasswordHasher: PasswordHasher = {
  hash: (password) => hash(password),
  verify: (phc, password) => verify(phc, password).catch(() => false),
};
