// The shapes of the server's answers that the web UI reads (see the HTTP API: /api/session, /v1/screen, /v1/addresses).

export type Role = 'analyst' | 'reviewer' | 'admin';

export interface Session {
  user: { name: string; role: Role };
  csrfToken: string;
  idleTimeoutSeconds: number;
}

/** The body of every error answer. */
export interface ErrorBody {
  error: string;
  code: string;
  message: string;
}

export type QuerySchema = 'Person' | 'Organization' | 'LegalEntity' | 'Thing';

export interface ScreenRequest {
  query: {
    schema: QuerySchema;
    properties: { name: [string]; birthDate?: [string]; country?: [string] };
  };
  limit: number;
}

/** One list version the server screened with. */
export interface ListVersion {
  dataset: string;
  version: number;
  publishedAt: string | null;
}

export interface IdentifierHit {
  kind: string;
  property: string;
  query: string;
  listed: string;
  /** The listed entity carrying it (a wallet's id when the hit is on a wallet the party holds). */
  via: string;
}

export type TokenMatch = 'exact' | 'phonetic' | 'spelling' | 'initial' | 'consonants' | 'equivalent';

export interface AlignedWord {
  query: string;
  candidate: string;
  similarity: number;
  how: TokenMatch;
}

/** The best pair of names; `candidate` fields are the listed name's. */
export interface NameExplanation {
  query: string;
  candidate: string;
  candidateKind: string;
  transliterated: boolean;
  queryReading?: string;
  candidateReading?: string;
  sameScript?: string;
  score: number;
  aligned: AlignedWord[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
  penalties: { reason: string; factor: number }[];
}

export interface Feature {
  feature: string;
  /** Added to the score (negative lowers it). */
  contribution: number;
  detail: string;
}

export interface Explanation {
  summary: string;
  notes?: string[];
  identifiers: IdentifierHit[];
  name?: NameExplanation;
  features: Feature[];
}

export interface ScreenResult {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  score: number;
  match: boolean;
  explanation: Explanation;
}

export interface ScreenResponse {
  threshold: number;
  /** What was done to the query before matching. */
  notes?: string[];
  results: ScreenResult[];
  versions: ListVersion[];
}

export interface WalletHolder {
  id: string;
  caption: string;
  schema: string;
  datasets: string[];
  wallets: IdentifierHit[];
}

export interface AddressResponse {
  address: string;
  chain: string;
  valid: boolean;
  checksum: 'valid' | 'invalid' | 'none';
  warning?: string;
  listed: boolean;
  holders: WalletHolder[];
  versions: ListVersion[];
}
