package io.corral.maintenance;

import java.util.UUID;

/**
 * One thing a task does (or would do) to one item.
 *
 * @param subjectType {@code vm}, {@code agent}, {@code auth-session}, {@code credential}
 * @param subjectId   the item's id
 * @param subjectName how an operator knows it (VM name and VMID, agent name …)
 * @param action      what is done: {@code hibernate}, {@code destroy}, {@code liveness online→stale}, {@code collect} …
 * @param reason      why, with the figures (idle 41 min > 30 min)
 */
public record TaskAction(String subjectType, UUID subjectId, String subjectName, String action, String reason) {
}
