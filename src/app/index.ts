/**
 * The application layer: Vigil's workflows, written once, for every entry point.
 *
 *   lists.ts   a publication imported or the datasets updated (each version committed with its
 *              audit record), then what follows a change of the lists in force: monitoring and
 *              the re-assessment of job candidates
 *   keys.ts    API keys: format, scopes, and creation and revocation with their audit records
 *   subjects.ts  subjects upserted from a batch of rows, the new and changed ones screened at once
 *
 * `createVigil` is the composition root: the CLI builds one per command and the server one per
 * process, from the store they opened and the settings they read, and then only translate
 * (parse the request or the arguments, call a use case, render its result). Dependencies point
 * down: cli/server -> app -> cases/hiring -> match/lists/store -> model.
 */
import type { RuleSet } from '../hiring/rules.js';
import type { ImportOptions, ImportOutcome } from '../lists/import.js';
import type { UpdateOptions, UpdateResult } from '../lists/update.js';
import type { Store } from '../store/index.js';
import { createApiKey, listKeys, revokeApiKey, type ApiKeyInfo, type Scope } from './keys.js';
import { followListChange, importPublication, reassessCandidates, updatePublications, type FollowUp, type FollowUpOptions, type ListChangeActor } from './lists.js';

export * from './keys.js';
export * from './lists.js';
export * from './subjects.js';

export interface VigilOptions {
  store: Store;
  /** The vetting rules, read when first needed (a list import that changes nothing never reads them). */
  rules: () => RuleSet;
}

export interface Vigil {
  readonly store: Store;
  readonly lists: {
    import(options: Omit<ImportOptions, 'alsoWrite'>, by: ListChangeActor): Promise<ImportOutcome>;
    update(options: Omit<UpdateOptions, 'alsoWrite'>, by: ListChangeActor): Promise<UpdateResult[]>;
    /** Monitoring and re-assessment after the lists in force changed (see `followListChange`). */
    followChange(options: Omit<FollowUpOptions, 'rules'>): Promise<FollowUp>;
  };
  readonly keys: {
    create(name: string, scopes: Scope[], actor: string): Promise<{ key: string; info: ApiKeyInfo }>;
    list(): Promise<ApiKeyInfo[]>;
    revoke(id: string, actor: string): Promise<boolean>;
  };
  readonly candidates: {
    /** Every candidate assessed again against these lists (after a monitor run the caller made). */
    reassess(options: Omit<FollowUpOptions, 'rules'>): ReturnType<typeof reassessCandidates>;
  };
}

export function createVigil(options: VigilOptions): Vigil {
  const { store } = options;
  let rules: RuleSet | undefined;
  const rulesNow = () => (rules ??= options.rules());
  return {
    store,
    lists: {
      import: (o, by) => importPublication(store, o, by),
      update: (o, by) => updatePublications(store, o, by),
      followChange: (o) => followListChange(store, { ...o, rules: rulesNow }),
    },
    keys: {
      create: (name, scopes, actor) => createApiKey(store, name, scopes, actor),
      list: () => listKeys(store),
      revoke: (id, actor) => revokeApiKey(store, id, actor),
    },
    candidates: {
      reassess: (o) => reassessCandidates(store, { ...o, rules: rulesNow, snapshot: o.snapshot }),
    },
  };
}
