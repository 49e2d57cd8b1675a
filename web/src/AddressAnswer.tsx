// The answer for a crypto address: listed (with the parties holding it) or not listed, with what
// the server made of the address (chain, validity, checksum).
import { useId } from 'react';
import { IdentifierHits } from './Explanation';
import { ListsUsed } from './ListsUsed';
import type { AddressResponse, WalletHolder } from './types';

const CHECKSUM: Record<AddressResponse['checksum'], string> = {
  valid: 'valid',
  invalid: 'invalid',
  none: 'none in this format',
};

export function AddressAnswer({ response }: { response: AddressResponse }) {
  const titleId = useId();
  return (
    <section className="address-answer" aria-labelledby={titleId}>
      <h2 id={titleId}>
        <span className={response.listed ? 'badge alarm' : 'badge clear'}>{response.listed ? 'Listed' : 'Not listed'}</span>
      </h2>
      <dl className="address-facts">
        <dt>Address</dt>
        <dd>
          <code>{response.address}</code>
        </dd>
        <dt>Chain</dt>
        <dd>{response.chain}</dd>
        <dt>Valid</dt>
        <dd>{response.valid ? 'yes' : 'no'}</dd>
        <dt>Checksum</dt>
        <dd>{CHECKSUM[response.checksum]}</dd>
        {response.warning !== undefined && (
          <>
            <dt>Warning</dt>
            <dd>{response.warning}</dd>
          </>
        )}
      </dl>
      {response.holders.map((holder) => (
        <Holder key={holder.id} holder={holder} />
      ))}
      <ListsUsed versions={response.versions} />
    </section>
  );
}

function Holder({ holder }: { holder: WalletHolder }) {
  const titleId = useId();
  return (
    <article className="result" aria-labelledby={titleId}>
      <h3 id={titleId}>{holder.caption}</h3>
      <p className="result-meta">
        {holder.schema} · listed on {holder.datasets.join(', ')}
      </p>
      <IdentifierHits hits={holder.wallets} />
    </article>
  );
}
