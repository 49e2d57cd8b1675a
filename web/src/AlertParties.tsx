// The two sides of an alert, side by side: the subject (the firm's record, read from
// /v1/subjects/:ref) and the listed party (as the lists in force hold it, from /entities/:id), each
// with every property it has: names first, then dates, countries, identifiers, wallets, listing.
import { useCallback, useId, type ReactNode } from 'react';
import { ApiError, getListedParty, getSubject, messageOf } from './api';
import { dateOf, label } from './format';
import { useResource } from './resource';
import type { AlertDetail, ListedEntity } from './types';

const NAME_PROPERTIES = ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'middleName', 'lastName', 'patronymic', 'matronymic', 'title'];
const COUNTRY_PROPERTIES: ReadonlySet<string> = new Set(['nationality', 'citizenship', 'country', 'jurisdiction', 'flag']);
const COUNTRY_NAMES = new Intl.DisplayNames(undefined, { type: 'region', fallback: 'code' });

export function AlertParties({ alert }: { alert: AlertDetail }) {
  return (
    <div className="parties">
      <SubjectPanel alert={alert} />
      <ListedPartyPanel alert={alert} />
    </div>
  );
}

function Panel({ title, name, children }: { title: string; name: string; children: ReactNode }) {
  const titleId = useId();
  return (
    <section className="party" aria-labelledby={titleId}>
      <h2 id={titleId}>{title}</h2>
      <p className="party-name">{name}</p>
      {children}
    </section>
  );
}

function SubjectPanel({ alert }: { alert: AlertDetail }) {
  const { ref } = alert.subject;
  const load = useCallback((signal: AbortSignal) => getSubject(ref, signal), [ref]);
  const { value, error } = useResource(load);
  const subject = value?.subject;
  return (
    <Panel title="Subject" name={subject?.properties.name?.[0] ?? ref}>
      <dl className="properties">
        <Fact name="Reference">{ref}</Fact>
        <Fact name="Kind">{alert.subject.kind}</Fact>
        {subject !== undefined && (
          <>
            <Fact name="Schema">{subject.schema}</Fact>
            <Fact name="Version">{subject.version}</Fact>
            <Properties properties={subject.properties} />
          </>
        )}
      </dl>
      {subject !== undefined && subject.version !== alert.subjectVersion && (
        <p className="note">
          These are the properties of version {subject.version}; the alert was last screened on version {alert.subjectVersion}.
        </p>
      )}
      {subject !== undefined && subject.deletedAt !== null && <p className="note">No longer monitored since {dateOf(subject.deletedAt)}.</p>}
      {value === undefined && error === undefined && <p className="muted">Loading the subject’s properties…</p>}
      {error !== undefined && (
        <p role="alert" className="error">
          Could not read the subject’s properties: {messageOf(error)}
        </p>
      )}
    </Panel>
  );
}

function ListedPartyPanel({ alert }: { alert: AlertDetail }) {
  const { id } = alert.entity;
  const load = useCallback((signal: AbortSignal) => getListedParty(id, signal), [id]);
  const { value: party, error } = useResource(load);
  const notListedNow = error instanceof ApiError && error.status === 404;
  return (
    <Panel title="Listed party" name={alert.entity.caption}>
      <dl className="properties">
        <Fact name="Schema">{alert.entity.schema}</Fact>
        <Fact name="Entity id">
          <code>{id}</code>
        </Fact>
        <Fact name="Lists">{alert.entity.datasets.join(', ')}</Fact>
        {party !== undefined && <Properties properties={party.properties} />}
      </dl>
      {party !== undefined && party.wallets.length > 0 && <Wallets wallets={party.wallets} />}
      {party === undefined && error === undefined && <p className="muted">Loading the listed party’s properties…</p>}
      {notListedNow && <p className="note">Not in the lists in force now: {messageOf(error)}.</p>}
      {error !== undefined && !notListedNow && (
        <p role="alert" className="error">
          Could not read the listed party’s properties: {messageOf(error)}
        </p>
      )}
    </Panel>
  );
}

function Fact({ name, children }: { name: string; children: ReactNode }) {
  return (
    <div>
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Names first (in NAME_PROPERTIES' order), then the others as the server gave them. */
function orderedProperties(properties: Record<string, string[]>): [string, string[]][] {
  const rank = (property: string) => {
    const i = NAME_PROPERTIES.indexOf(property);
    return i < 0 ? NAME_PROPERTIES.length : i;
  };
  return Object.entries(properties)
    .filter(([, values]) => values.length > 0)
    .sort(([a], [b]) => rank(a) - rank(b));
}

function Properties({ properties }: { properties: Record<string, string[]> }) {
  return orderedProperties(properties).map(([property, values]) => (
    <div key={property}>
      <dt>{label(property)}</dt>
      {values.map((value, i) => (
        <dd key={i}>
          <PropertyValue property={property} value={value} />
        </dd>
      ))}
    </div>
  ));
}

function PropertyValue({ property, value }: { property: string; value: string }) {
  if (COUNTRY_PROPERTIES.has(property) && /^[a-z]{2}$/.test(value)) {
    const code = value.toUpperCase();
    const name = COUNTRY_NAMES.of(code);
    return <>{name !== undefined && name !== code ? `${name} (${code})` : code}</>;
  }
  if (property === 'sourceUrl' && /^https?:\/\//.test(value)) {
    return (
      <a href={value} rel="noreferrer">
        {value}
      </a>
    );
  }
  if (property === 'publicKey' || property === 'email' || property.endsWith('Number')) return <code>{value}</code>;
  return <>{value}</>;
}

function Wallets({ wallets }: { wallets: ListedEntity[] }) {
  return (
    <>
      <h3>Wallets held</h3>
      <ul className="wallets">
        {wallets.map((wallet) => (
          <li key={wallet.id}>
            {wallet.properties.currency?.join(', ') ?? 'Wallet'} <code>{wallet.properties.publicKey?.join(', ') ?? wallet.caption}</code>
          </li>
        ))}
      </ul>
    </>
  );
}
