/** Products: what a principal makes; the principal must be an organization marked as principal. */
import { recordCommands, type TableRules } from './crud.ts';
import { createProductInput, idInput, updateProductInput } from '../../ipc/contract/index.ts';

/** The input schemas are the channel contract's; re-exported for callers of the core. */
export { createProductInput, updateProductInput };

export const productRules: TableRules = { table: 'products', noun: 'product' };

const commands = recordCommands(productRules, {
  create: createProductInput,
  update: updateProductInput,
  id: idInput,
});

export const createProduct = commands.create;
export const updateProduct = commands.update;
export const deleteProduct = commands.delete;
export const restoreProduct = commands.restore;
