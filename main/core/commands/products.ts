/** Products: what a principal makes; the principal must be an organization marked as principal. */
import { recordCommands, type TableRules } from './crud.ts';
import { createInputSchema, idInput, updateInputSchema } from './input.ts';

export const productRules: TableRules = { table: 'products', noun: 'product' };

export const createProductInput = createInputSchema('products');
export const updateProductInput = updateInputSchema('products');

const commands = recordCommands(productRules, {
  create: createProductInput,
  update: updateProductInput,
  id: idInput,
});

export const createProduct = commands.create;
export const updateProduct = commands.update;
export const deleteProduct = commands.delete;
export const restoreProduct = commands.restore;
