/**
 * Form state for creating or editing a record: values, inline messages from
 * sync/schema as fields are left, and the core's field issues after a save
 * (they win: the core also checks references and rules the schema cannot).
 */
import { useCallback, useMemo, useState } from 'react';
import {
  changedFields,
  fieldIssue,
  formIssues,
  normalize,
  type FormTable,
  type FormValues,
} from '../lib/validation.ts';
import type { WritableColumn } from '../../../sync/schema/index.ts';

export interface RecordForm {
  values: FormValues;
  errors: Record<string, string>;
  set: (field: string, value: unknown) => void;
  /** Props for a Mantine input bound to a text field. */
  text: (field: string) => {
    value: string;
    onChange: (e: { currentTarget: { value: string } }) => void;
    onBlur: () => void;
    error: string | undefined;
  };
  /** Validates every field; true when the form may be saved. */
  validate: () => boolean;
  /** What a create sends (nullable blanks as null, undefined dropped). */
  payload: () => FormValues;
  /** What an update sends: only the fields that changed. */
  changes: () => FormValues;
  setServerErrors: (errors: Record<string, string>) => void;
  dirty: boolean;
}

export function useRecordForm<T extends FormTable>(
  table: T,
  initial: FormValues,
  /** Typed by sync/schema: a form cannot list a column that is not there or that only the server writes. */
  fields: readonly WritableColumn<T>[],
): RecordForm {
  const [values, setValues] = useState<FormValues>(initial);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [server, setServer] = useState<Record<string, string>>({});

  const set = useCallback((field: string, value: unknown) => {
    setValues((v) => ({ ...v, [field]: value }));
    // Editing a field clears its server message; the local one is re-checked on blur.
    setServer((s) => (field in s ? omit(s, field) : s));
    setLocal((l) => (field in l ? omit(l, field) : l));
  }, []);

  const blur = useCallback(
    (field: string) => {
      const m = fieldIssue(table, field, values[field]);
      setLocal((l) => (m ? { ...l, [field]: m } : omit(l, field)));
    },
    [table, values],
  );

  const validate = useCallback(() => {
    const issues = formIssues(table, values, fields);
    setLocal(issues);
    return Object.keys(issues).length === 0;
  }, [table, values, fields]);

  const errors = useMemo(() => ({ ...local, ...server }), [local, server]);

  return {
    values,
    errors,
    set,
    text: (field) => ({
      value: typeof values[field] === 'string' ? (values[field] as string) : '',
      onChange: (e) => set(field, e.currentTarget.value),
      onBlur: () => blur(field),
      error: errors[field],
    }),
    validate,
    payload: () => {
      const out: FormValues = {};
      for (const [k, v] of Object.entries(normalize(table, values)))
        if (v !== undefined) out[k] = v;
      return out;
    },
    changes: () => changedFields(table, values, initial),
    setServerErrors: setServer,
    dirty: Object.keys(changedFields(table, values, initial)).length > 0,
  };
}

function omit(o: Record<string, string>, k: string): Record<string, string> {
  const { [k]: _drop, ...rest } = o;
  return rest;
}
