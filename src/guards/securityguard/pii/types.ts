/** The PII entity types this detector reports. */
export type PiiType =
  | 'EMAIL'
  | 'PHONE'
  | 'CREDIT_CARD'
  | 'IBAN'
  | 'US_SSN'
  | 'IP_ADDRESS'
  | 'MAC_ADDRESS'
  | 'DATE_OF_BIRTH'
  | 'ADDRESS'
  | 'PERSON'
  | 'PASSPORT'
  | 'DRIVER_LICENSE'
  | 'CRYPTO_WALLET'
  | 'NATIONAL_ID';

/** One PII hit; `start`/`end` are offsets into the text given to `detectPii`. */
export interface PiiEntity {
  type: PiiType;
  value: string;
  start: number;
  end: number;
  /** 0..1 confidence. */
  score: number;
  /** Extra detail (card brand, IBAN country ...). */
  detail?: string;
}
