// The Alerts page's keyboard shortcuts, active while the focus is not in a text field (nor in a
// dialog): j and k move the current row, Enter (on the row) or o opens it, a assigns it to the
// signed-in user, f and c open the decision form for a false positive or a confirmed match.
import { useEffect, useRef } from 'react';
import type { Decision } from './types';

export interface ListShortcuts {
  next: () => void;
  previous: () => void;
  open: () => void;
  assign: () => void;
  decide: (decision: Decision) => void;
}

/** What the keyboard help lists, in order. */
export const SHORTCUT_HELP: readonly { keys: string[]; does: string }[] = [
  { keys: ['j'], does: 'next alert' },
  { keys: ['k'], does: 'previous alert' },
  { keys: ['Enter', 'o'], does: 'open the alert' },
  { keys: ['a'], does: 'take it into review, assigned to you' },
  { keys: ['f'], does: 'decide it a false positive (with a rationale)' },
  { keys: ['c'], does: 'decide it a confirmed match (with a rationale)' },
];

const NOT_TYPED_IN = new Set(['checkbox', 'radio', 'button', 'submit', 'reset']);

/** Keys typed here are text, not shortcuts. */
function isTextField(element: HTMLElement): boolean {
  if (element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  return element instanceof HTMLInputElement && !NOT_TYPED_IN.has(element.type);
}

/** Enter opens the current alert only from its row or from no control at all: on a link or a button, Enter is theirs. */
function enterOpens(element: HTMLElement | null): boolean {
  return element === null || element === document.body || element.id === 'main' || element.dataset.alertRow !== undefined;
}

export function useListShortcuts(shortcuts: ListShortcuts): void {
  const latest = useRef(shortcuts);
  useEffect(() => {
    latest.current = shortcuts;
  });

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      if (target !== null && (isTextField(target) || target.closest('dialog') !== null)) return;
      const act = latest.current;
      switch (event.key) {
        case 'j':
          act.next();
          break;
        case 'k':
          act.previous();
          break;
        case 'Enter':
          if (!enterOpens(target)) return;
          act.open();
          break;
        case 'o':
          act.open();
          break;
        case 'a':
          act.assign();
          break;
        case 'f':
          act.decide('false_positive');
          break;
        case 'c':
          act.decide('confirmed');
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
