/**
 * Crypto wallets as entities. OFAC lists addresses as features of a party ("Digital Currency
 * Address - XBT"); Vigil makes each one a CryptoWallet entity linked to its holder, with an id that
 * the advanced XML and the legacy CSV adapters both derive the same way, so versions diff cleanly.
 */
import { EntityBuilder } from './builder.js';
import type { Entity } from './entity.js';

export interface WalletInput {
  dataset: string;
  /** Source id of the holding party (OFAC FixedRef / ent_num). */
  holderSourceId: string;
  /** Currency code as the list writes it: XBT, ETH, USDT... */
  currency: string;
  address: string;
  /** Sanctions facts copied from the holder so that a wallet hit explains itself. */
  program?: string[];
  listingDate?: string[];
  authority?: string[];
  sourceUrl?: string[];
}

/** Trim an address as listed; case is kept (base58 addresses are case-sensitive). */
export function cleanListedAddress(address: string): string {
  return address.trim().replace(/[;,.]+$/, '');
}

export function walletEntity(input: WalletInput): Entity {
  const currency = input.currency.trim().toUpperCase();
  const address = cleanListedAddress(input.address);
  const holderId = `${input.dataset}-${input.holderSourceId}`;
  const b = new EntityBuilder(input.dataset, `${input.holderSourceId}-${currency.toLowerCase()}-${address}`, 'CryptoWallet');
  b.add('publicKey', address);
  b.add('currency', currency);
  b.add('holder', holderId);
  b.add('program', ...(input.program ?? []));
  b.add('listingDate', ...(input.listingDate ?? []));
  b.add('authority', ...(input.authority ?? []));
  b.add('sourceUrl', ...(input.sourceUrl ?? []));
  b.add('topics', 'sanction');
  return b.build();
}

/**
 * All "Digital Currency Address - <CUR> <address>" mentions in free text (OFAC CSV remarks), in
 * order. The address is the run of non-space characters after the currency code.
 */
export function walletsInText(text: string): { currency: string; address: string }[] {
  const found: { currency: string; address: string }[] = [];
  const pattern = /Digital Currency Address\s*-\s*([A-Z0-9]{2,6})\s+([^\s;,]+)/g;
  for (const m of text.matchAll(pattern)) {
    found.push({ currency: m[1]!, address: cleanListedAddress(m[2]!) });
  }
  return found;
}
