/** Citizen services the page asks the host for: the catalog, lookups, queue and printing of citizen documents. */
export const CITIZEN_METHODS = {} as const;
