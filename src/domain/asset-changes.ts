/** What changed in an asset, as {field: {before, after}} (sites and rooms by name): the audit trail's record. */
export type AssetChangeFields = Readonly<
  Record<string, { readonly before: string | number | null; readonly after: string | number | null }>
>;
