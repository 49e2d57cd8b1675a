// One listed party that resembles the query: its name, score (match or near miss), what it is,
// which lists carry it, and why it scored as it did.
import { useId } from 'react';
import { Explanation } from './Explanation';
import { decimal } from './format';
import type { ScreenResult } from './types';

export function ResultCard({ result }: { result: ScreenResult }) {
  const titleId = useId();
  return (
    <article className="result" aria-labelledby={titleId}>
      <div className="result-head">
        <h2 id={titleId}>{result.caption}</h2>
        <span className={result.match ? 'badge alarm' : 'badge caution'}>
          {decimal(result.score)} — {result.match ? 'match' : 'near miss'}
        </span>
      </div>
      <p className="result-meta">
        {result.schema} · listed on {result.datasets.join(', ')}
      </p>
      <Explanation explanation={result.explanation} />
    </article>
  );
}
