/** Contacts: the people at organizations. */
import { recordCommands, type TableRules } from './crud.ts';
import { createInputSchema, idInput, updateInputSchema } from './input.ts';

export const contactRules: TableRules = {
  table: 'contacts',
  noun: 'contact',
  defaults: () => ({ advocacy_status: 'Neutral', is_key_contact: false }),
};

export const createContactInput = createInputSchema('contacts');
export const updateContactInput = updateInputSchema('contacts');

const commands = recordCommands(contactRules, {
  create: createContactInput,
  update: updateContactInput,
  id: idInput,
});

export const createContact = commands.create;
export const updateContact = commands.update;
export const deleteContact = commands.delete;
export const restoreContact = commands.restore;
