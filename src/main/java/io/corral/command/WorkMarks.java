package io.corral.command;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether an agent may have work: {@code changes} counts everything that may have given it
 * some (queued commands, freed lock keys, cancel requests, requeues, heartbeats, other
 * instances' news); {@code quietAt} is that count when a claim last found nothing to deliver
 * and nothing in doubt. A poll arriving while they are equal parks without a claim.
 */
final class WorkMarks {
    final AtomicLong changes = new AtomicLong(1);
    volatile long quietAt;
    /** The same for cancel requests: a claim looks for cancellations to pass on only after one. */
    final AtomicLong cancels = new AtomicLong(1);
    volatile long cancelsSeenAt;
}
