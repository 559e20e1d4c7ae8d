import { z } from 'zod';

// What central answers about a session's anchored chain (GET /v1/sessions/:id/chain) and its
// own signing key (GET /v1/keys), and the exact text central's receipt signs. Shared so the
// station's verify checks the same bytes central signed.

export const ANCHOR_RECEIPT_FORMAT = 'hattama-anchor/1';

export const AnchorReceiptSchema = z.object({
  format: z.literal(ANCHOR_RECEIPT_FORMAT),
  stationId: z.string(),
  sessionId: z.string(),
  /** Links central holds (the last one's index is length - 1). */
  length: z.int().min(0),
  head: z.string(),
  at: z.string(),
  keyId: z.string(),
  /** Ed25519 over receiptText(), base64. */
  signature: z.string(),
});
export type AnchorReceipt = z.infer<typeof AnchorReceiptSchema>;

export const AnchoredLinkSchema = z.object({
  index: z.int().min(0),
  type: z.string(),
  file: z.string().nullable(),
  hash: z.string(),
  prev: z.string(),
});
export type AnchoredLink = z.infer<typeof AnchoredLinkSchema>;

export const EvidenceFlagSchema = z.object({ kind: z.string(), detail: z.string(), at: z.string() });

export const SessionChainResponseSchema = z.object({
  sessionId: z.string(),
  links: z.array(AnchoredLinkSchema),
  /** The station's enrolled key (DER SPKI, base64) and its id (sha256: of that DER). */
  stationKey: z.object({ keyId: z.string(), publicKey: z.string() }),
  receipt: AnchorReceiptSchema,
  flags: z.array(EvidenceFlagSchema),
});
export type SessionChainResponse = z.infer<typeof SessionChainResponseSchema>;

export const CentralKeysResponseSchema = z.object({
  keys: z.array(z.object({ alg: z.literal('Ed25519'), keyId: z.string(), publicKey: z.string() })),
});
export type CentralKeysResponse = z.infer<typeof CentralKeysResponseSchema>;

/** The text central signs: one field a line, so neither side needs a JSON canonicaliser. */
export function receiptText(r: Omit<AnchorReceipt, 'signature' | 'keyId' | 'format'>): string {
  return [ANCHOR_RECEIPT_FORMAT, r.stationId, r.sessionId, String(r.length), r.head, r.at].join('\n');
}
