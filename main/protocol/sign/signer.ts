/** Who signed, as the certificate says. */
export interface SignerIdentity {
  /** Subject, e.g. "CN=Нұрланова Әйгерім, SERIALNUMBER=IIN…". */
  subject: string;
  /** Common name alone, for the hearing's "signed by". */
  commonName: string;
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
 * P12Signer uses a PKCS#12 file on disk; an NCALayer signer (Kazakhstan's national signing
 * service, which holds keys on tokens and ID cards) can implement the same interface by
 * sending the bytes to NCALayer's `createCMSSignatureFromBase64` with detached=true.
 */
export interface Signer {
  readonly kind: string;
  identity(): Promise<SignerIdentity>;
  signDetached(data: Buffer, at?: Date): Promise<DetachedSignature>;
}
