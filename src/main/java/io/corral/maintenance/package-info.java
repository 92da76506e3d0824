/**
 * Maintenance: the six background tasks on EJB timers ({@code …Task}, {@code TaskTimers},
 * {@code TaskRunner}, their runs in {@code task_run}) and the retention-prune batch job, its schedule,
 * its runs ({@code prune_run}). The tasks act through the {@code fleet}, {@code command} and {@code auth} services
 * only; the prune deletes other domains' old rows by the rules listed in
 * {@link io.corral.maintenance.PruneTargets}.
 */
package io.corral.maintenance;
