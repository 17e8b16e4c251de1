/** Contacts: the people at organizations. */
import { recordCommands, type TableRules } from './crud.ts';
import { createContactInput, idInput, updateContactInput } from '../../ipc/contract/index.ts';

/** The input schemas are the channel contract's; re-exported for callers of the core. */
export { createContactInput, updateContactInput };

export const contactRules: TableRules = {
  table: 'contacts',
  noun: 'contact',
  defaults: () => ({ advocacy_status: 'Neutral', is_key_contact: false }),
};

const commands = recordCommands(contactRules, {
  create: createContactInput,
  update: updateContactInput,
  id: idInput,
});

export const createContact = commands.create;
export const updateContact = commands.update;
export const deleteContact = commands.delete;
export const restoreContact = commands.restore;
