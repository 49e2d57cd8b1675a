/**
 * The candidate profile: what a hiring or security team knows about a job candidate, contractor,
 * freelancer or employee. Everything but the reference is optional; partial profiles are normal.
 * Interview notes and the like are for human reviewers only: no signal reads them.
 */

export const CANDIDATE_KINDS = ['candidate', 'contractor', 'freelancer', 'employee'] as const;
export type CandidateKind = (typeof CANDIDATE_KINDS)[number];

export interface PostalAddress {
  /** The address as written (one line). */
  text: string;
  /** ISO 3166-1 alpha-2 code. */
  country?: string;
}

export interface PhoneNumber {
  number: string;
  /** When the number was issued or first seen (ISO date), if the carrier or a vendor says. */
  issuedAt?: string;
  /** As a phone-intelligence vendor reports it: mobile, landline, voip... */
  lineType?: string;
}

export interface IdentityDocument {
  type: 'passport' | 'national_id' | 'driver_license' | 'residence_permit' | 'visa' | 'other';
  number: string;
  /** Issuing country (alpha-2). */
  country?: string;
  /** The name as printed on the document. */
  name?: string;
  birthDate?: string;
  issuedAt?: string;
  expiresAt?: string;
}

export interface Employer {
  name: string;
  country?: string;
  from?: string;
  to?: string;
  role?: string;
}

export interface Education {
  school: string;
  degree?: string;
  country?: string;
  from?: string;
  to?: string;
}

export interface PaymentDestination {
  type: 'bank_account' | 'iban' | 'payment_platform' | 'crypto_wallet';
  /** Account number, IBAN, platform handle or wallet address. */
  value: string;
  /** The name the account is held in, when known. */
  holderName?: string;
  /** Payment platform (Payoneer, Wise, PayPal...), bank, or the chain / currency of a wallet. */
  provider?: string;
  /** When this destination was given (payment details changing often is a signal). */
  since?: string;
}

export interface OnlineProfile {
  platform: string;
  handle: string;
  url?: string;
  /** When the account was created (ISO date). */
  createdAt?: string;
  /** The name the profile shows. */
  displayName?: string;
}

export interface Reference {
  name: string;
  email?: string;
  phone?: string;
  company?: string;
}

export type ActivityEvent =
  | {
      type: 'login';
      /** ISO date-time. */
      at: string;
      ip: string;
      /** The account logged into (the firm's own account id); defaults to the candidate's. */
      account?: string;
      /** Country of the IP, if the caller geolocated it (alpha-2). */
      ipCountry?: string;
      /** What the caller's IP intelligence says: residential, mobile, hosting, vpn, proxy, tor. */
      ipKind?: string;
      /** Remote-access or other tool seen in the session (AnyDesk, TeamViewer, RDP...). */
      tool?: string;
      deviceId?: string;
      /** Session length in minutes, when known. */
      durationMinutes?: number;
    }
  | { type: 'shipping_request'; at: string; address: PostalAddress; item?: string }
  | { type: 'payment_request'; at: string; method: string; note?: string }
  | { type: 'activity'; at: string; what?: string };

export interface CandidateProfile {
  /** The firm's own reference. */
  ref: string;
  kind: CandidateKind;
  /** Current name first, then earlier names (name history). */
  names: string[];
  emails: string[];
  phones: PhoneNumber[];
  homeAddress?: PostalAddress;
  shippingAddresses: PostalAddress[];
  /** Where the person says they live and work. */
  claimedLocation?: { country?: string; city?: string; timeZone?: string };
  birthDate?: string;
  /**
   * When the person applied (or the contract began), ISO date or date-time. Ages of accounts and
   * numbers are measured to it; without it, to the earliest event, else to the assessment.
   */
  appliedAt?: string;
  documents: IdentityDocument[];
  employers: Employer[];
  education: Education[];
  payments: PaymentDestination[];
  profiles: OnlineProfile[];
  references: Reference[];
  resumeText?: string;
  events: ActivityEvent[];
  /** Free-text notes for human reviewers; never read by any signal. */
  notes?: string[];
}

/** An empty profile with the given reference, to fill in. */
export function emptyProfile(ref: string, kind: CandidateKind = 'candidate'): CandidateProfile {
  return {
    ref,
    kind,
    names: [],
    emails: [],
    phones: [],
    shippingAddresses: [],
    documents: [],
    employers: [],
    education: [],
    payments: [],
    profiles: [],
    references: [],
    events: [],
  };
}
