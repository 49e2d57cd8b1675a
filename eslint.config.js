// Lint configuration: ESLint's recommended rules plus typescript-eslint's, over src, test and bench,
// and the folder boundaries of src/ (see DEVELOPERS.md): dependencies point down,
//   server, cli -> app -> cases, hiring -> lists, store, io -> match -> model
// so each folder may not import (statically or with import()) the folders above it; and only
// src/store talks to the database (kysely, the drivers, store/testing.ts).
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
  cli: [],
};

/** Only src/store talks to the database: the query builder and the drivers are its own (a store's connection is private). */
const DATABASE = ['kysely', 'pg', 'better-sqlite3'];

/**
 * src/store/testing.ts hands the raw database of a store to tests and benchmarks: no file of src/
 * outside src/store may import it, statically or with import().
 */
const TESTING_MESSAGE = 'src/store/testing.ts (rawDatabaseOf) is for tests and benchmarks: go through a repository (store.repos, or tx in store.transaction)';
const TESTING_IMPORT = { regex: '(^|/)store/testing(\\.[jt]s)?$', message: TESTING_MESSAGE };
const TESTING_IMPORT_EXPRESSION = { selector: 'ImportExpression[source.value=/(^|\\/)store\\/testing(\\.[jt]s)?$/]', message: TESTING_MESSAGE };

/** The matching core stays pure: no file, network, process or database access. */
const IMPURE = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:worker_threads', 'kysely', 'pg', 'better-sqlite3'];

/**
 * Modules of a folder above that a folder may still import: src/io/text.ts is pure text (strict
 * UTF-8 lines), src/io/turns.ts time slices of work on the event loop's thread (no I/O).
 */
const ALLOWED = { match: ['!../io/text.js', '!../io/turns.js'] };

function boundary(folder, above) {
  const allowed = ALLOWED[folder] ?? [];
  const message = `src/${folder} may not depend on a folder above it (${above.join(', ')}): dependencies point down`;
  const paths =
    folder === 'match'
      ? IMPURE.map((name) => ({ name, message: 'src/match is the pure matching core: no I/O' }))
      : folder === 'store'
        ? []
        : DATABASE.map((name) => ({ name, message: 'only src/store talks to the database: go through a repository (store.repos, or tx in store.transaction)' }));
  const patterns = above.length > 0 ? [{ group: [...above.flatMap((f) => [`../${f}/*`, `../../${f}/*`, `../../../${f}/*`]), ...allowed], message }] : [];
  if (folder !== 'store') patterns.push(TESTING_IMPORT);
  const syntax =
    folder === 'store' ? [] : [{ selector: "MemberExpression[property.name='db']", message: 'only src/store uses a Kysely connection (.db): go through a repository' }, TESTING_IMPORT_EXPRESSION];
  // From the folder itself or any folder under it ('../app/x.js', '../../app/x.js').
  if (above.length > 0) syntax.push({ selector: `ImportExpression[source.value=/^(\\.\\.\\/)+(${above.join('|')})\\//]`, message });
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths, patterns }],
      'no-restricted-syntax': syntax.length > 0 ? ['error', ...syntax] : 'off',
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
  // The files directly in src/ (the library entry, config, errors) belong to no folder above.
  {
    files: ['src/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [TESTING_IMPORT] }],
      'no-restricted-syntax': ['error', TESTING_IMPORT_EXPRESSION],
    },
  },
);
