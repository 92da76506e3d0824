/**
 * Maintenance of the database: the retention-prune batch job, its schedule, its runs ({@code prune_run}).
 * Deletes other domains' old rows by the rules listed in {@link io.corral.maintenance.PruneTargets}; calls no domain service.
 */
package io.corral.maintenance;
