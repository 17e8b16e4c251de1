/**
 * Type test, checked by `npm run typecheck` (the renderer's tsconfig) and
 * never run: each `@ts-expect-error` line must stay an error, or the
 * typecheck fails ("unused directive"). It proves the renderer's calls are
 * typed by the channel contract, not by hand-kept copies.
 */
import { invoke } from './transport.ts';

export async function wrongInputsAndFieldsDoNotCompile(): Promise<void> {
  // @ts-expect-error a list's limit is a number
  await invoke('organizations.list', { limit: '50' });
  // @ts-expect-error is_principal is a boolean filter
  await invoke('organizations.list', { is_principal: 'yes' });
  // @ts-expect-error search takes q, not query
  await invoke('search', { query: 'alpine' });
  // @ts-expect-error a stage is one of the contract's stages
  await invoke('opportunities.move_stage', { id: 'x', stage: 'Won' });
  // @ts-expect-error no such channel
  await invoke('organizations.destroy', { id: 'x' });

  const page = await invoke('organizations.list', { limit: 20 });
  const org = page.rows[0];
  if (!org) return;
  const name: string = org.name;
  // @ts-expect-error organizations have no stage column
  void org.stage;
  // @ts-expect-error a nullable column is not a plain string
  const segment: string = org.segment;

  const info = await invoke('app.info');
  // @ts-expect-error app.info has no token: the renderer never sees one
  void info.account.token;
  void [name, segment];
}
