/**
 * E-mails and phones: a profile's own, a payment handle that is an e-mail address or a phone
 * number, and a referee's. Two own contacts are strong (a VoIP number most, a landline least, a
 * household's line weak); a payment to another's own contact is strong; a referee contact that
 * is another applicant's own is medium, strong when the two never worked together.
 */
import { addEvidence, commonEmployer, forPairs, hub, neverColleagues, officeOf, pairKey, q, type Ctx } from './context.js';
import type { Groups } from './groups.js';
import { outsiderNote, payerNote, payerOf } from './scoped.js';
import { HUB_CAPS, LINK_WEIGHTS, type LinkEvidence } from './types.js';

export const OWN = 1;
export const PAY = 2;
export const REF = 4;

interface ContactHold {
  /** OWN | PAY | REF */
  roles: number;
  written: string;
  lineType?: string;
  provider?: string;
  holder?: string;
}

export function holdContact(groups: Groups, key: string, node: number, role: number, written: string, lineType?: string, provider?: string, holder?: string): void {
  groups.add(key, node, role, written, lineType?.toLowerCase(), provider, holder);
}

export function linkContacts(ctx: Ctx, kind: 'email' | 'phone', groups: Groups): void {
  const W = LINK_WEIGHTS;
  for (const [key, nodes, merged] of groups.shared()) {
    const holds: ContactHold[] = merged.map((m) => ({ roles: m.flags, written: m.a ?? key, lineType: m.b, provider: m.c, holder: m.d }));
    if (nodes.length > HUB_CAPS[kind] || (kind === 'email' && ctx.hubKeys?.has(`m:${key}`))) {
      hub(ctx, kind, key, nodes.length, kind === 'email' ? `the mailbox ${key}` : `the phone number ${key}`);
      continue;
    }
    const lineTypes = [...new Set(holds.map((h) => h.lineType).filter((t): t is string => !!t))];
    const voip = lineTypes.some((t) => t.includes('voip') || t.includes('virtual'));
    const landline = !voip && lineTypes.some((t) => t.includes('land') || t.includes('fixed'));
    const center = Math.max(0, holds.findIndex((h) => (h.roles & (OWN | PAY)) !== 0));
    // A number colleagues of one current employer give may be its switchboard: settled in
    // `assemble`, and only when their office address or network shows them to be colleagues
    // there (an employer in common by chance must not explain an operator ring's number).
    const owners = nodes.filter((_, x) => (holds[x]!.roles & OWN) !== 0);
    const mobile = lineTypes.some((t) => t.includes('mobile') || t.includes('cell'));
    const office = kind === 'phone' && !mobile && owners.length >= 2 ? officeOf(ctx, owners) : undefined;
    // An agency's payout account (an e-mail or phone handle its contractors all give), read once.
    let groupPayer: ReturnType<typeof payerOf> | null = null;
    const payerOfGroup = (): ReturnType<typeof payerOf> => {
      if (groupPayer !== null) return groupPayer;
      const paid = nodes.map((_, x) => x).filter((x) => (holds[x]!.roles & PAY) !== 0);
      groupPayer = payerOf(ctx, paid.map((x) => nodes[x]!), paid.map((x) => holds[x]!));
      return groupPayer;
    };
    forPairs(nodes.length, center, (s, t) => {
      const i = nodes[s]!;
      const j = nodes[t]!;
      const a = holds[s]!;
      const b = holds[t]!;
      const ri = ctx.refs[i]!;
      const rj = ctx.refs[j]!;
      const aId = (a.roles & (OWN | PAY)) !== 0;
      const bId = (b.roles & (OWN | PAY)) !== 0;
      if (aId && bId) {
        if ((a.roles & PAY) !== 0 || (b.roles & PAY) !== 0) {
          const both = (a.roles & PAY) !== 0 && (b.roles & PAY) !== 0;
          const payHold = (a.roles & PAY) !== 0 ? a : b;
          const via = payHold.provider ? ` via ${payHold.provider}` : '';
          const held = [...new Set([a.holder, b.holder].filter((x): x is string => !!x))];
          const heldBy = held.length ? ` (held by ${held.map(q).join(' / ')})` : '';
          const [payer, other] = (a.roles & PAY) !== 0 ? [ri, rj] : [rj, ri];
          const household = ctx.household.has(pairKey(ctx, i, j));
          const agency = !household && both ? payerOfGroup() : undefined;
          const staff = agency === undefined ? 0 : Number(agency.staff.has(i)) + Number(agency.staff.has(j));
          addEvidence(ctx, i, j, {
            kind: 'payment',
            value: key,
            ...(household ? { explained: 'household' as const } : staff === 2 ? { explained: 'office' as const } : {}),
            weight: household ? W.paymentHousehold : staff === 2 ? W.paymentEmployer : staff === 1 ? W.paymentEmployerOutsider : both ? W.payment : W.paymentToOwnContact,
            detail:
              (both
                ? `both are paid to the account ${key}${via}${heldBy}`
                : `${payer} is paid to the account ${key}${via}${heldBy}, which is ${other}'s own ${kind === 'email' ? 'e-mail address' : 'phone number'}`) +
              (household ? `; they give one home address, as a household does (a family account?)` : staff === 2 ? payerNote(agency!) : staff === 1 ? outsiderNote(agency!, agency!.staff.has(i) ? rj : ri) : ''),
          });
          return;
        }
        const spelled = a.written === b.written ? q(a.written) : `${q(a.written)} and ${q(b.written)}`;
        if (kind === 'email') {
          addEvidence(ctx, i, j, { kind, value: key, weight: W.email, detail: `both use the mailbox ${key} (written ${spelled})` });
          return;
        }
        const household = ctx.household.has(pairKey(ctx, i, j));
        let weight: number = voip ? W.phoneVoip : landline ? W.phoneLandline : W.phone;
        if (household) weight = Math.min(weight, voip ? W.phoneVoipHousehold : W.phoneHousehold);
        const type = voip ? 'VoIP number' : landline ? 'landline' : lineTypes.length ? `${lineTypes[0]} number` : 'phone number';
        const ev: LinkEvidence = {
          kind,
          value: key,
          weight,
          ...(household ? { explained: 'household' as const } : {}),
          detail: `both give the ${type} ${key} (written ${spelled})` + (household ? '; they also share a home address (a household line)' : ''),
        };
        if (!household && office !== undefined && office.staff.has(i) && office.staff.has(j)) ctx.officeLines.set(ev, office.name);
        addEvidence(ctx, i, j, ev);
        return;
      }
      if (aId !== bId) {
        const [namer, owner] = aId ? [rj, ri] : [ri, rj];
        // A referee vouches from a workplace: one who is another applicant and never worked
        // where the candidate did (both list employers, none in common) is a sock puppet; one who
        // worked there too is a colleague vouching, which colleagues who apply together do (all
        // such pieces of a pair count once, as one workplace).
        const apart = neverColleagues(ctx, i, j);
        const workplace = apart ? undefined : commonEmployer(ctx, i, j);
        addEvidence(ctx, i, j, {
          kind,
          value: key,
          weight: apart ? W.refereeNoCommonEmployer : W.referee,
          ...(workplace ? { explained: 'office' as const } : {}),
          detail:
            `${namer} gives ${key} as a referee's ${kind === 'email' ? 'e-mail' : 'phone'}; it is ${owner}'s own ${kind === 'email' ? 'mailbox' : 'number'}` +
            (apart ? ', and the two name no employer in common' : workplace ? `; both name ${q(workplace)} as an employer (a colleague vouching)` : ''),
        });
      }
      // Two referees with one contact: not a join (colleagues name the same manager).
    });
  }
}
