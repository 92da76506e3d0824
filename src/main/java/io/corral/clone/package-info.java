/**
 * Clone runs: N clones of one template with reserved VMIDs and a name pattern, queued through the
 * command bus by the {@code clone-run} batch job and followed to their outcome. Owns {@code clone_run}
 * and {@code clone_item}; calls the {@code command} and {@code fleet} services, never their stores.
 */
package io.corral.clone;
