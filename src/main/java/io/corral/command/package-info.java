/**
 * The command bus: durable commands, their transitions, event trail, delivery to long-polls and waits.
 * Owns the {@code command} and {@code command_event} tables; may call {@code fleet} services, never its resources.
 */
package io.corral.command;
