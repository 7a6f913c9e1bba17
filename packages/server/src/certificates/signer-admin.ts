/** The certificate manager's signer administration: list signers, import a foreign signer. */
import type { DbOrTx } from '../db/client.ts';
import { dccForeignSigners, dccSigners } from '../db/schema/index.ts';
import { signerValidity } from './keys.ts';

/** The province's own signer keys (no private parts) and the imported foreign signers with their validity. */
export async function listSigners(db: DbOrTx) {
  const foreign = (await db.select().from(dccForeignSigners)).map((s) => {
    try {
      return { ...s, ...signerValidity(s.certificateDer) };
    } catch {
      return { ...s, notBefore: null, notAfter: null };
    }
  });
  const own = await db
    .select({
      kid: dccSigners.kid,
      state: dccSigners.state,
      notBefore: dccSigners.notBefore,
      notAfter: dccSigners.notAfter,
    })
    .from(dccSigners);
  return { own, foreign };
}

/** Store (or reactivate) a foreign signer certificate; answers its row id. */
export async function importForeignSigner(
  tx: DbOrTx,
  signer: { kid: string; country: string; certificateDer: string; addedBy: string | null },
): Promise<string> {
  const [row] = await tx
    .insert(dccForeignSigners)
    .values(signer)
    .onConflictDoUpdate({ target: dccForeignSigners.certificateDer, set: { active: 'yes' } })
    .returning({ id: dccForeignSigners.id });
  return row!.id;
}
