/**
 * Which field each column of a CSV fills. A column maps to a field the user
 * chose (the import screen remembers the choice), or else by its header: a
 * column name (`name`, `is_principal`, ...) or a common spelling of one,
 * including the headers of a HubSpot export ("Company name", "Phone Number",
 * "State/Region", "Company owner").
 */
import { createInputSchema } from './input.ts';
import { REFERENCES } from './csv-references.ts';
import { serverWrittenColumns } from '../../../sync/schema/index.ts';
import { CSV_TABLES, type CsvTable } from './csv-tables.ts';

export { CSV_TABLES, csvTable, type CsvTable } from './csv-tables.ts';

/**
 * Columns the server keeps (an export writes them); an import passes over them
 * quietly: what sync/schema marks server-written in any CSV table, plus the
 * tenant key, deleted_at and the replica's _pending flag.
 */
export const SERVER_KEPT = new Set([
  ...CSV_TABLES.flatMap((t) => serverWrittenColumns(t)),
  'workspace_id',
  'deleted_at',
  '_pending',
]);

const COMMON: Record<string, string> = {
  e_mail: 'email',
  email_address: 'email',
  telephone: 'phone',
  phone_number: 'phone',
  notes_body: 'notes',
};

const ALIASES: Record<CsvTable, Record<string, string>> = {
  organizations: {
    organization: 'name',
    organization_name: 'name',
    company: 'name',
    company_name: 'name',
    account: 'name',
    principal: 'is_principal',
    distributor: 'is_distributor',
    customer: 'is_customer',
    address: 'address_line',
    street: 'address_line',
    street_address: 'address_line',
    state: 'region',
    state_region: 'region',
    province: 'region',
    zip: 'postal_code',
    zip_code: 'postal_code',
    postcode: 'postal_code',
    country_region: 'country',
    industry: 'segment',
    web: 'website',
    url: 'website',
    website_url: 'website',
    company_domain_name: 'website',
    company_owner: 'account_manager_name',
    owner: 'account_manager_name',
    account_manager: 'account_manager_name',
  },
  contacts: {
    first: 'first_name',
    firstname: 'first_name',
    given_name: 'first_name',
    last: 'last_name',
    lastname: 'last_name',
    surname: 'last_name',
    organization: 'organization_name',
    company: 'organization_name',
    company_name: 'organization_name',
    associated_company: 'organization_name',
    key_contact: 'is_key_contact',
    advocacy: 'advocacy_status',
    job_title: 'title',
  },
  opportunities: {
    opportunity: 'name',
    deal_name: 'name',
    deal_stage: 'stage',
    customer: 'organization_name',
    organization: 'organization_name',
    company: 'organization_name',
    company_name: 'organization_name',
    distributor: 'distributor_name',
    primary_contact: 'primary_contact_name',
    contact: 'primary_contact_name',
    owner: 'owner_name',
    deal_owner: 'owner_name',
  },
  interactions: {
    type: 'interaction_type',
    activity_type: 'interaction_type',
    date: 'interaction_date',
    activity_date: 'interaction_date',
    organization: 'organization_name',
    company: 'organization_name',
    company_name: 'organization_name',
    contact: 'contact_name',
    opportunity: 'opportunity_name',
    deal: 'opportunity_name',
    deal_name: 'opportunity_name',
    follow_up: 'follow_up_date',
  },
};

function normalizeHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The field a header names by itself (possibly one that does not exist: the caller checks). */
export function autoField(table: CsvTable, header: string): string {
  const h = normalizeHeader(header);
  return ALIASES[table][h] ?? COMMON[h] ?? h;
}

/** Every field a column of this table's file may fill: the create command's fields and the name references. */
export function importableFields(table: CsvTable): string[] {
  return [...Object.keys(createInputSchema(table).shape), ...Object.keys(REFERENCES[table])];
}
