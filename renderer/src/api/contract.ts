/**
 * Channel names the UI calls, with the input it sends and the value it gets
 * back, so hooks are typed by name: the channel contract's types, by the
 * names hooks use.
 */
import type {
  ChannelInput,
  ChannelOutput,
  CommandName,
  QueryName,
} from '../../../main/ipc/contract/index.ts';

export type { ChannelName, CommandName, QueryName } from '../../../main/ipc/contract/index.ts';

export type Queries = {
  [K in QueryName | 'app.info']: { input: ChannelInput<K>; output: ChannelOutput<K> };
};
export type Commands = { [K in CommandName]: { input: ChannelInput<K>; output: ChannelOutput<K> } };

export type OrganizationFilters = Omit<ChannelInput<'organizations.list'>, PageKeys>;
export type ContactFilters = Omit<ChannelInput<'contacts.list'>, PageKeys>;
export type ProductFilters = Omit<ChannelInput<'products.list'>, PageKeys>;
export type OpportunityFilters = Omit<ChannelInput<'opportunities.list'>, PageKeys>;
export type InteractionFilters = Omit<ChannelInput<'interactions.list'>, PageKeys>;
type PageKeys = 'dir' | 'limit' | 'cursor' | 'q' | 'deleted' | 'sort';
export type PageInput = Pick<ChannelInput<'organizations.list'>, Exclude<PageKeys, 'sort'>> & {
  sort?: string;
};
export type CsvImportInput = ChannelInput<'csv.import'>;
