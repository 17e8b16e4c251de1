/**
 * Which interactions are about a principal, for the follow-up filter: the one
 * rule of principal-links.ts (derived and chosen links) evaluated on the
 * replica's own rows for each candidate interaction, so it holds offline
 * before the server's links arrive.
 */
import { PRINCIPAL_LINK_TABLES, interactionRow, principalLinksSql } from './principal-links.ts';

/** SQL true when interaction `alias` is about the principal in parameter `@<param>` (binds `@ws` too). */
export function interactionIsAboutPrincipal(alias: string, param: string): string {
  return `EXISTS (SELECT 1 FROM (${principalLinksSql(interactionRow(alias), {
    principal: `@${param}`,
    repeats: true,
  })}))`;
}

/** The tables interactionIsAboutPrincipal reads (a live query re-runs when one changes). */
export const INTERACTION_PRINCIPAL_TABLES = PRINCIPAL_LINK_TABLES;
