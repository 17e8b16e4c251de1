/**
 * Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page as it is and
 * sums up what it found: every violation is counted and listed by rule, and
 * the serious and critical ones are what a journey fails on.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { NodeResult, Result } from 'axe-core';

export interface AxeSummary {
  /** Violations of any impact, counted per rule (one per rule, as axe reports them). */
  total: number;
  /** Nodes affected, over all rules. */
  nodes: number;
  /** "rule (impact): n nodes — first target", for the report. */
  lines: string[];
  /** Serious and critical only: the ones that fail the journey. */
  blocking: string[];
}

export async function runAxe(page: Page): Promise<AxeSummary> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  const lines = results.violations.map(
    (v: Result) => `${v.id} (${v.impact ?? 'unknown'}): ${v.nodes.length} node(s), e.g. ${v.nodes[0]?.target.join(' ') ?? '?'} — ${v.help}`,
  );
  const node = (n: NodeResult) => `${n.target.join(' ')} [${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}]`;
  const blocking = results.violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: Result) => `${v.id} (${v.impact}): ${v.nodes.map(node).join('; ')}`);
  return {
    total: results.violations.length,
    nodes: results.violations.reduce((sum: number, v: Result) => sum + v.nodes.length, 0),
    lines,
    blocking,
  };
}
