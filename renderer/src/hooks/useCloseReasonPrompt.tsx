/**
 * Asks why before a move to Closed - Stalled or Closed - No Fit (issue 12).
 * `ask` resolves at once with no fields for any other stage, with the reason
 * once the user gives one, or with null when they cancel (then nothing moves).
 * Render `dialog` somewhere in the caller's tree.
 */
import { useCallback, useState, type ReactNode } from 'react';
import { needsCloseReason, type CloseReason, type OpportunityStage } from '../../../sync/schema/index.ts';
import { CloseReasonDialog } from '../components/CloseReasonDialog.tsx';

export type CloseReasonAnswer = { close_reason?: CloseReason; close_reason_note?: string | null };

interface Asking {
  stage: OpportunityStage;
  dealName: string;
  resolve: (a: CloseReasonAnswer | null) => void;
}

export function useCloseReasonPrompt(): {
  ask: (stage: OpportunityStage, dealName: string) => Promise<CloseReasonAnswer | null>;
  dialog: ReactNode;
} {
  const [asking, setAsking] = useState<Asking | null>(null);
  const ask = useCallback(
    (stage: OpportunityStage, dealName: string) =>
      needsCloseReason(stage)
        ? new Promise<CloseReasonAnswer | null>((resolve) => setAsking({ stage, dealName, resolve }))
        : Promise.resolve({}),
    [],
  );
  const done = (a: CloseReasonAnswer | null) => {
    asking?.resolve(a);
    setAsking(null);
  };
  const dialog = asking ? (
    <CloseReasonDialog stage={asking.stage} dealName={asking.dealName} onCancel={() => done(null)} onConfirm={done} />
  ) : null;
  return { ask, dialog };
}
