/** Reading link_facts in tests: its ids are uuidKey() blobs (replica/link-facts.ts), shown here as uuid text again. */
export const uuidText = (expr: string) => `CASE WHEN typeof(${expr}) = 'blob' THEN lower(
  substr(hex(${expr}), 1, 8) || '-' || substr(hex(${expr}), 9, 4) || '-' || substr(hex(${expr}), 13, 4) || '-' ||
  substr(hex(${expr}), 17, 4) || '-' || substr(hex(${expr}), 21)) ELSE ${expr} END`;
