// A result's explanation drawn for an analyst: the summary, the two names compared and how their
// words align, the penalties, the evidence that raised or lowered the score (with bars), and the
// identifiers (wallets, emails...) found on the list.
import { decimal, signed, words } from './format';
import type { Explanation as ExplanationData, Feature, IdentifierHit, NameExplanation, TokenMatch } from './types';

const HOW: Record<TokenMatch, string> = {
  exact: 'exact',
  phonetic: 'sounds alike',
  spelling: 'spelling variant',
  initial: 'initial',
  consonants: 'same consonants',
  equivalent: 'equivalent form',
};

/** A contribution of this size or more fills the whole bar. */
const FULL_BAR = 0.4;

export function Explanation({ explanation }: { explanation: ExplanationData }) {
  const { summary, name, features, identifiers } = explanation;
  return (
    <div className="explanation">
      <p className="summary">{summary}</p>
      {name !== undefined && (
        <div className="explanation-names">
          <NamesCompared name={name} />
          <AlignmentTable name={name} />
        </div>
      )}
      <div className="explanation-evidence">
        {name !== undefined && name.penalties.length > 0 && <Penalties penalties={name.penalties} />}
        {features.length > 0 && <Features features={features} />}
        {identifiers.length > 0 && (
          <>
            <h3>Identifiers on the list</h3>
            <IdentifierHits hits={identifiers} />
          </>
        )}
      </div>
    </div>
  );
}

function NamesCompared({ name }: { name: NameExplanation }) {
  return (
    <>
      <h3>Names compared</h3>
      <dl className="names-compared">
        <dt>Query name</dt>
        <dd>
          {name.query}
          {name.queryReading !== undefined && <span className="reading"> read as “{name.queryReading}”</span>}
        </dd>
        <dt>Listed name</dt>
        <dd>
          {name.candidate} <span className="name-kind">({words(name.candidateKind)})</span>
          {name.candidateReading !== undefined && <span className="reading"> read as “{name.candidateReading}”</span>}
        </dd>
        <dt>Name score</dt>
        <dd>{decimal(name.score)}</dd>
      </dl>
      {name.sameScript !== undefined ? (
        <p className="compared-how">Compared in {name.sameScript}, as written.</p>
      ) : (
        name.transliterated && <p className="compared-how">Compared through Latin transliteration.</p>
      )}
    </>
  );
}

interface AlignmentRow {
  query: string;
  how: string;
  listed: string;
  similarity: string;
}

function alignmentRows(name: NameExplanation): AlignmentRow[] {
  return [
    ...name.aligned.map((pair) => ({ query: pair.query, how: HOW[pair.how], listed: pair.candidate, similarity: decimal(pair.similarity) })),
    ...name.unmatchedQuery.map((word) => ({ query: word, how: 'no counterpart', listed: '', similarity: '' })),
    ...name.unmatchedCandidate.map((word) => ({ query: '', how: 'no counterpart', listed: word, similarity: '' })),
  ];
}

function AlignmentTable({ name }: { name: NameExplanation }) {
  return (
    <table className="alignment">
      <caption>How the names align</caption>
      <thead>
        <tr>
          <th scope="col">Query word</th>
          <th scope="col">How</th>
          <th scope="col">Listed word</th>
          <th scope="col" className="number">
            Similarity
          </th>
        </tr>
      </thead>
      <tbody>
        {alignmentRows(name).map((row, i) => (
          <tr key={i} className={row.how === 'no counterpart' ? 'unmatched' : undefined}>
            <td>{row.query}</td>
            <td>{row.how}</td>
            <td>{row.listed}</td>
            <td className="number">{row.similarity}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Penalties({ penalties }: { penalties: NameExplanation['penalties'] }) {
  return (
    <>
      <h3>Penalties</h3>
      <ul className="penalties">
        {penalties.map((p, i) => (
          <li key={i}>
            × {decimal(p.factor)} — {p.reason}
          </li>
        ))}
      </ul>
    </>
  );
}

function Features({ features }: { features: Feature[] }) {
  return (
    <>
      <h3>Evidence</h3>
      <ul className="features">
        {features.map((f, i) => (
          <li key={i}>
            <span className="contribution">{signed(f.contribution)}</span>
            <span className="bar-track" aria-hidden="true">
              <span
                className={f.contribution < 0 ? 'bar lowers' : 'bar raises'}
                style={{ width: `${Math.min(Math.abs(f.contribution) / FULL_BAR, 1) * 100}%` }}
              />
            </span>
            <span className="feature-text">
              <span className="feature-name">{words(f.feature)}:</span> {f.detail}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}

export function IdentifierHits({ hits }: { hits: IdentifierHit[] }) {
  return (
    <ul className="identifiers">
      {hits.map((hit, i) => (
        <li key={i}>
          {words(hit.kind)} <code>{hit.query}</code> listed as <code>{hit.listed}</code> ({words(hit.property)}, via <code>{hit.via}</code>)
        </li>
      ))}
    </ul>
  );
}
