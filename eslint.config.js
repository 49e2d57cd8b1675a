// Lint configuration: ESLint's recommended rules plus typescript-eslint's, over src, test and bench,
// and the folder boundaries of src/ (see DEVELOPERS.md): dependencies point down,
//   server, cli -> app -> cases, hiring -> lists, store, io -> match -> model
// so each folder may not import (statically or with import()) the folders above it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** For each folder of src/, the folders it must not import. */
const ABOVE = {
  model: ['match', 'lists', 'store', 'io', 'cases', 'hiring', 'app', 'server', 'cli'],
  match: ['lists', 'store', 'io', 'cases', 'hiring', 'app', 'server', 'cli'], // io/text.ts allowed (ALLOWED)
  lists: ['cases', 'hiring', 'app', 'server', 'cli'],
  store: ['match', 'lists', 'io', 'cases', 'hiring', 'app', 'server', 'cli'],
  io: ['match', 'lists', 'store', 'cases', 'hiring', 'app', 'server', 'cli'],
  cases: ['hiring', 'app', 'server', 'cli'],
  hiring: ['app', 'server', 'cli'],
  app: ['server', 'cli'],
  server: ['cli'],
};

/** The matching core stays pure: no file, network, process or database access. */
const IMPURE = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:worker_threads', 'kysely', 'pg', 'better-sqlite3'];

/** Modules of a folder above that a folder may still import: src/io/text.ts is pure text (strict UTF-8 lines). */
const ALLOWED = { match: ['!../io/text.js'] };

function boundary(folder, above) {
  const allowed = ALLOWED[folder] ?? [];
  const message = `src/${folder} may not depend on a folder above it (${above.join(', ')}): dependencies point down`;
  // From the folder itself or any folder under it ('../app/x.js', '../../app/x.js').
  const dynamic = `ImportExpression[source.value=/^(\\.\\.\\/)+(${above.join('|')})\\//]`;
  const impure = folder === 'match' ? IMPURE.map((name) => ({ name, message: 'src/match is the pure matching core: no I/O' })) : [];
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: impure, patterns: [{ group: [...above.flatMap((f) => [`../${f}/*`, `../../${f}/*`, `../../../${f}/*`]), ...allowed], message }] }],
      'no-restricted-syntax': ['error', { selector: dynamic, message }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'vigil-data/**', 'web/dist/**', '.tmp/**', '.tmp-*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...Object.entries(ABOVE).map(([folder, above]) => boundary(folder, above)),
);
