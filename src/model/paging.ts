/**
 * Receiver kinds that wake a person up: the ones that make an environment "page". Part of the
 * fact vocabulary (`observability/paging/<subject>/receiver-kinds`): the alertmanager source writes
 * the kinds, the observability rules read them.
 */
export const PAGING_KINDS: ReadonlySet<string> = new Set([
  'pagerduty',
  'opsgenie',
  'victorops',
  'pushover',
  'incidentio',
  'oncall-webhook',
]);
