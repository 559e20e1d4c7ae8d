import { z } from 'zod';
import { SIGN_CHECK_ITEMS } from '../protocol/kinds';
import { ReasonSchema } from '../protocol/text';
import { call } from './define';
import { ExportFormatSchema, ExportLangSchema, ExportResultSchema, SignatureSchema, SigningCapacitySchema } from './protocol';

// The protocol as a document: export (PDF, DOCX), the check before signing, the two signatures,
// and reading back a file the core wrote under DATA/protocols/ (the browser's download, the
// desktop's open and print).

const Id = z.int().positive();

export const protocolDocumentCalls = {
  'protocol.export': call(
    z
      .object({
        hearingId: Id,
        format: ExportFormatSchema,
        lang: ExportLangSchema.default('kk'),
        timeZone: z.string().min(1).max(100).optional(),
        /** Desktop app only: the shell asks where to save a copy (its save dialog); other doors ignore it. */
        saveAs: z.boolean().optional(),
        /** A copy for a participant: entries inside a judge's sealed range are listed without their text. */
        publicCopy: z.boolean().optional(),
      }) // no `out`: a caller never names the path the core writes to (strict: one is refused)
      .strict(),
    ExportResultSchema,
    'Write the short protocol as PDF or DOCX under DATA/protocols/<id>/ with a generated name. Returns path and SHA-256.',
  ),
  'protocol.sign': call(
    z
      .object({
        hearingId: Id,
        /** Absent: the capacity the open round still needs (the secretary's first when none is open). */
        capacity: SigningCapacitySchema.optional(),
        /** The signer's IIN as the station knows it: a certificate with another IIN is refused. */
        expectedIin: z.string().regex(/^\d{12}$/).optional(),
        /** For the PKCS#12 provider (settings signing.provider = p12). */
        p12Path: z.string().min(1).max(4000).optional(),
        password: z.string().max(1000).optional(),
        /** Language of a new round's PDF; the second signature signs the round's PDF as it is. */
        lang: ExportLangSchema.default('kk'),
        // No `outDir`: a new round's files go to DATA/protocols/<id>/signed-…/, the second
        // signature's .p7s beside the round's PDF (strict: a caller's folder is refused).
        timeZone: z.string().min(1).max(100).optional(),
        incompleteReason: ReasonSchema.optional(), // why, when protocol.signCheck lists missing items (else refused); audited
      })
      .strict(),
    SignatureSchema,
    "Sign the protocol as secretary or judge (detached CAdES-BES .p7s, PKCS#12 file or NCALayer). The first signature exports and freezes the PDF; the second signs the same bytes and locks the protocol.",
  ),
  'protocol.signCheck': call(z.object({ hearingId: Id }).strict(), z.object({ missing: z.array(z.object({ item: z.enum(SIGN_CHECK_ITEMS), names: z.array(z.string()) })) }),
    'What the protocol lacks of the mandatory items of its category (composition, rights, language, each witness warned, arguments, last word, decision) before it is signed.',
  ),
  'protocol.file': call(
    z.object({ path: z.string().min(1).max(4000) }).strict(),
    z.object({ name: z.string(), mime: z.string(), bytes: z.int(), base64: z.string() }),
    'The bytes of an export or signature file the core wrote under DATA/protocols/ (any other path is refused), for the browser to save.',
  ),
  'protocol.openFile': call(
    z.object({ path: z.string().min(1).max(4000), reveal: z.boolean().default(false) }).strict(),
    z.object({ path: z.string() }),
    "Desktop app only: open an export or signature file the core wrote under DATA/protocols/ in the system's viewer (to read or print it), or show it in its folder (`reveal`). Other doors are refused.",
  ),
};
