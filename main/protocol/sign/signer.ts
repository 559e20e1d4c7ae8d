/** Who signed, as the certificate says. */
export interface SignerIdentity {
  /** Subject, e.g. "CN=Нұрланова Әйгерім, SERIALNUMBER=IIN…, C=KZ". */
  subject: string;
  /** Common name alone, for the hearing's "signed by". */
  commonName: string;
  /** The IIN of a Kazakh certificate (subject SERIALNUMBER=IIN<12 digits>); null when it has none. */
  iin: string | null;
  issuer: string;
  /** Certificate serial, hex. */
  serial: string;
  /** SHA-256 of the certificate's DER, hex. */
  certSha256: string;
  notBefore: string;
  notAfter: string;
}

export interface DetachedSignature {
  /** CMS SignedData, DER, without the content (detached). */
  p7s: Buffer;
  signedAt: Date;
  signer: SignerIdentity;
}

/**
 * Something that signs bytes with a person's key and returns a detached CMS signature.
 * P12Signer uses a PKCS#12 file on disk; NcalayerSigner asks Kazakhstan's NCALayer (keys on ID
 * cards, tokens, its own file store) over its local WebSocket, module kz.gov.pki.knca.basics.
 */
export interface Signer {
  readonly kind: 'p12' | 'ncalayer';
  /**
   * Who will sign, when the key holder knows it before signing: a .p12 file does; NCALayer lets
   * the person choose the key in its own window, so its signer is known only from the signature.
   */
  identity?(): Promise<SignerIdentity>;
  signDetached(data: Buffer, at?: Date): Promise<DetachedSignature>;
}
