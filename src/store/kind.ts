/** The two backends of the store: the embedded default and the production one. */
export type StoreKind = 'sqlite' | 'postgres';
