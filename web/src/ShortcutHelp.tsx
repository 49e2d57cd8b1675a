// The Alerts page's keyboard shortcuts, listed in a disclosure the page shows beside its title.
import { SHORTCUT_HELP } from './list-shortcuts';

export function ShortcutHelp() {
  return (
    <details className="shortcuts">
      <summary>Keyboard shortcuts</summary>
      <p>When the focus is not in a text field:</p>
      <dl>
        {SHORTCUT_HELP.map((shortcut) => (
          <div key={shortcut.does}>
            <dt>
              {shortcut.keys.map((key, i) => (
                <span key={key}>
                  {i > 0 && ' or '}
                  <kbd>{key}</kbd>
                </span>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
