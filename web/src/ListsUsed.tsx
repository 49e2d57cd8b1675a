// The list versions an answer was computed with: every answer says which lists it screened.
import { versionWithDate } from './format';
import type { ListVersion } from './types';

export function ListsUsed({ versions }: { versions: ListVersion[] }) {
  return (
    <p className="lists-used">
      <strong>Lists used:</strong> {versions.length === 0 ? 'none' : versions.map(versionWithDate).join(', ')}
    </p>
  );
}
