/**
 * Flag rates by group (src/hiring/report.ts): rates, the gap between groups large enough to say
 * something, and the labels file a caller supplies.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Level } from '../src/hiring/assess.js';
import { GroupLabelsError, NO_GROUP, describeFlagRates, flagRates, parseGroupLabels } from '../src/hiring/report.js';

function rows(spec: Record<string, Level[]>): { level: Level; group: string | undefined }[] {
  return Object.entries(spec).flatMap(([group, levels]) => levels.map((level) => ({ level, group: group === '-' ? undefined : group })));
}

const many = (level: Level, n: number): Level[] => Array.from({ length: n }, () => level);

describe('flag rates by group', () => {
  it('counts high and block as flagged, review and above as reviewed, and measures the gap between groups large enough', () => {
    const r = flagRates('origin', rows({ A: [...many('clear', 95), ...many('high', 3), 'block', 'review'], B: [...many('clear', 99), 'review'], C: ['block', 'block'], '-': ['high'] }), 50);
    const a = r.groups.find((g) => g.group === 'A')!;
    assert.deepEqual({ n: a.n, flagged: a.flagged, reviewed: a.reviewed, rate: a.rate }, { n: 100, flagged: 4, reviewed: 5, rate: 0.04 });
    assert.equal(r.groups.find((g) => g.group === NO_GROUP)!.n, 1);
    // C (2 candidates, all blocked) and the unlabelled are shown but not in the gap.
    assert.equal(r.gap!.highest.group, 'A');
    assert.equal(r.gap!.lowest.group, 'B');
    assert.ok(Math.abs(r.gap!.points - 4) < 1e-9);
    const text = describeFlagRates(r).join('\n');
    assert.match(text, /C\s+n=\s+2\s+100\.0% high\/block.*\(fewer than 50: not in the gap\)/);
    assert.match(text, /largest gap: 4\.0 points \(A 4\.0% vs B 0\.0%\)/);
  });

  it('says when there is nothing to compare', () => {
    const r = flagRates('claimed country', rows({ GB: many('clear', 10), '-': many('high', 80) }), 50);
    assert.equal(r.gap, undefined);
    assert.match(describeFlagRates(r).at(-1)!, /not measured \(fewer than two groups of 50 or more\)/);
  });
});

describe('labels file', () => {
  it('reads CSV with a ref,group header and JSON lines alike', () => {
    assert.deepEqual([...parseGroupLabels('ref,group\nC-1, Korean\nC-2,Arabic\n', 'l.csv')], [['C-1', 'Korean'], ['C-2', 'Arabic']]);
    assert.deepEqual([...parseGroupLabels('{"ref":"C-1","group":"Korean"}\n\n{"ref":"C-2","group":"Arabic"}\n', 'l.jsonl')], [['C-1', 'Korean'], ['C-2', 'Arabic']]);
  });

  it('names the file, the line and what is wrong', () => {
    assert.throws(() => parseGroupLabels('ref,origin\nC-1,Korean\n', 'l.csv'), (e: Error) => e instanceof GroupLabelsError && /l\.csv: the header must name the columns ref and group/.test(e.message));
    assert.throws(() => parseGroupLabels('{"ref":"C-1","group":"Korean"}\n{"ref":"C-2"}\n', 'l.jsonl'), /l\.jsonl line 2: no "group" for C-2/);
    assert.throws(() => parseGroupLabels('{"ref":"C-1","group":"Korean"}\nnot json\n', 'l.jsonl'), /l\.jsonl line 2: not a JSON object/);
    assert.throws(() => parseGroupLabels('ref,group\nC-1,Korean\nC-1,Arabic\n', 'l.csv'), /l\.csv row 3: C-1 is labelled twice \("Korean", "Arabic"\)/);
  });
});
