/** What an interaction is about: a contact, an opportunity or an organization. */
export type AboutTable = 'contacts' | 'opportunities' | 'organizations';
export interface About {
  table: AboutTable;
  id: string;
  label: string;
}

/** The interaction field that names it. */
export const ABOUT_FIELD: Record<AboutTable, 'contact_id' | 'opportunity_id' | 'organization_id'> =
  {
    contacts: 'contact_id',
    opportunities: 'opportunity_id',
    organizations: 'organization_id',
  };
