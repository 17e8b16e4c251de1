/**
 * Live opportunities per stage, every stage listed in pipeline order even when
 * empty (the server's pipeline_by_stage), optionally for one owner or principal.
 */
import type { z } from 'zod';
import {
  CLOSED_STAGES,
  OPPORTUNITY_STAGES,
  type OpportunityStage,
} from '../../../sync/schema/index.ts';
import { timestampTextOrNull, type SqlValue } from '../../../sync/client/replica/index.ts';
import type { CoreContext } from '../context.ts';
import { defineQuery } from './define.ts';
import { addScope } from './scope.ts';
import { pipelineInput } from '../../ipc/contract/index.ts';

export { pipelineInput };

export interface PipelineStage {
  stage: OpportunityStage;
  /** 1-based, as the server's WITH ORDINALITY. */
  position: number;
  opportunities_count: number;
  last_stage_change_at: string | null;
  closed: boolean;
}

export function pipelineByStage(
  ctx: CoreContext,
  input: z.input<typeof pipelineInput> = {},
): PipelineStage[] {
  const p = pipelineInput.parse(input);
  const where = ['o.workspace_id = @ws', 'o.deleted_at IS NULL'];
  if (p.owner_id) where.push('o.owner_id = @owner');
  const params: Record<string, unknown> = {
    ws: ctx.workspaceId,
    owner: p.owner_id ?? null,
    principal: p.principal_id ?? null,
  };
  addScope(ctx, p.scope, 'o.owner_id', where, params);
  if (p.principal_id) {
    where.push(`EXISTS (SELECT 1 FROM opportunity_products op JOIN products pr ON pr.id = op.product_id
                WHERE op.opportunity_id = o.id AND op.deleted_at IS NULL AND pr.principal_id = @principal)`);
  }
  const rows = ctx.replica
    .stmt(
      `SELECT o.stage, count(*) AS n, max(o.stage_changed_at) AS last FROM opportunities o
       WHERE ${where.join(' AND ')} GROUP BY o.stage`,
    )
    .all(params) as {
    stage: OpportunityStage;
    n: number;
    last: SqlValue;
  }[];
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  return OPPORTUNITY_STAGES.map((stage, i) => ({
    stage,
    position: i + 1,
    opportunities_count: byStage.get(stage)?.n ?? 0,
    // Under another name than its column: turned to text here (fromSqlRow does columns).
    last_stage_change_at: timestampTextOrNull(byStage.get(stage)?.last),
    closed: (CLOSED_STAGES as readonly string[]).includes(stage),
  }));
}

export const pipelineQuery = defineQuery({
  name: 'dashboard.pipeline',
  tables: ['opportunities', 'opportunity_products', 'products'],
  input: pipelineInput,
  run: pipelineByStage,
});
