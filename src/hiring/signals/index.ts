/**
 * The detectors behind the indicator rules (src/hiring/rules.yaml), by name. Each is one small
 * function `(profile, ctx, params) => Evidence[]` in this folder:
 *
 *   sanctions.ts  the person, employers, wallets, e-mails, e-mail domains, phones vs the lists
 *   network.ts    hosting/VPN logins, logins from elsewhere, remote-access tools, impossible
 *                 travel, activity in the claimed night, day-long sessions
 *   identity.ts   VoIP and new phone numbers, young or borrowed online accounts, identity
 *                 documents disagreeing with the profile
 *   payments.ts   payment accounts in another name, frequent changes, crypto and prepayment
 *                 requests, shipping away from home
 *   shared.ts     things shared with other candidates, operator clusters (link analysis)
 *
 * Fairness guard. No signal may rest on a person's ethnicity, name origin or nationality of
 * birth. Enforced three ways:
 *   1. every detector declares the profile fields it reads; the assessor hands it a frozen,
 *      guarded view (`guardProfile`) where reading any other field, the reviewers' notes or a
 *      document's issuing country throws a FairnessError;
 *   2. a detector that reads `names` must declare `names: 'matcher'`: names go only to the
 *      matcher, against the sanctions lists (`screen`) or the candidate's own other names
 *      (`compare`), never to a test of script, language or origin — checked below at load time;
 *   3. test/hiring-fairness.test.ts checks that profiles differing only by a Korean, Chinese,
 *      Russian or English name get identical assessments, and that the detectors' sources import
 *      nothing that tells a name's script or origin.
 */
import { FORBIDDEN_PATHS, type Detector } from './common.js';
import {
  documentBirthDateMismatch,
  documentDates,
  documentNameMismatch,
  profileNameMismatch,
  recentPhone,
  voipPhone,
  youngAccounts,
} from './identity.js';
import { hostingIp, impossibleTravel, longSessions, loginCountryMismatch, nightActivity, remoteAccessTool } from './network.js';
import { cryptoPaymentRequest, paymentChanges, paymentHolderMismatch, prepaymentRequests, shippingDiffers } from './payments.js';
import { sanctionsDomain, sanctionsEmail, sanctionsEmployer, sanctionsPerson, sanctionsPhone, sanctionsWallet } from './sanctions.js';
import { operatorCluster, sharedLinks } from './shared.js';

export * from './common.js';
export { numberingPlanType } from './identity.js';
export { hourIn } from './network.js';
export { addressKey } from './payments.js';
export { edgesOf } from './shared.js';

const ALL: Detector[] = [
  sanctionsPerson,
  sanctionsEmployer,
  sanctionsWallet,
  sanctionsEmail,
  sanctionsDomain,
  sanctionsPhone,
  paymentHolderMismatch,
  paymentChanges,
  cryptoPaymentRequest,
  prepaymentRequests,
  shippingDiffers,
  sharedLinks,
  operatorCluster,
  voipPhone,
  recentPhone,
  hostingIp,
  loginCountryMismatch,
  remoteAccessTool,
  impossibleTravel,
  nightActivity,
  longSessions,
  youngAccounts,
  profileNameMismatch,
  documentNameMismatch,
  documentBirthDateMismatch,
  documentDates,
];

/** Check the fairness declarations of a detector; throws on a violation. */
export function assertFair(det: Detector): void {
  for (const field of det.reads as readonly string[]) {
    if (FORBIDDEN_PATHS.has(field)) throw new Error(`detector ${det.name} declares forbidden field "${field}"`);
  }
  if ((det.reads as readonly string[]).includes('names') && det.names !== 'matcher') {
    throw new Error(`detector ${det.name} reads names but does not declare that it uses them only through the matcher (names: 'matcher')`);
  }
}

export const DETECTORS: ReadonlyMap<string, Detector> = new Map(
  ALL.map((d) => {
    assertFair(d);
    return [d.name, d];
  }),
);

export function detectorNames(): string[] {
  return [...DETECTORS.keys()];
}
