/**
 * Saves a record form: validates inline first, then creates (the whole
 * payload) or updates (only the changed fields), puts the core's field issues
 * on the form, and says what happened.
 */
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { CommandName } from '../api/contract.ts';
import type { WriteResult } from '../api/types.ts';
import { focusFirstInvalid } from '../lib/platform.ts';
import type { FormTable } from '../lib/validation.ts';
import { useCommand } from './useCommand.ts';
import type { RecordForm } from './useRecordForm.ts';

export function useSaveRecord(table: FormTable, form: RecordForm, id?: string) {
  const createName = (
    table === 'interactions' ? 'interactions.log' : `${table}.create`
  ) as CommandName;
  const create = useCommand(createName as 'organizations.create');
  const update = useCommand(`${table}.update` as 'organizations.update');
  const active = id ? update : create;
  const { setServerErrors } = form;
  const fieldErrors = active.fieldErrors;
  const key = JSON.stringify(fieldErrors);

  useEffect(() => {
    const errors = JSON.parse(key) as Record<string, string>;
    setServerErrors(errors);
    if (Object.keys(errors).length) focusFirstInvalid();
  }, [key, setServerErrors]);

  const save = async (
    extra: Record<string, unknown> = {},
  ): Promise<WriteResult | 'unchanged' | undefined> => {
    if (!form.validate()) {
      focusFirstInvalid();
      return undefined;
    }
    if (id) {
      const changes = { ...form.changes(), ...extra };
      if (Object.keys(changes).length === 0) return 'unchanged';
      const r = await update.run({ id, ...changes });
      if (r) notifications.show({ color: 'teal', message: 'Changes saved' });
      return r;
    }
    return create.run({ ...form.payload(), ...extra });
  };

  return { save, pending: active.pending, error: active.error };
}
