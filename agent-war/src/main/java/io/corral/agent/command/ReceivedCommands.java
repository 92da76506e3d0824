package io.corral.agent.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * The commands this agent has received and not yet finished, for all worker loops together: what
 * every poll reports as {@code have}. The control plane requeues at once a command it leased to
 * this agent that is not started and not listed, because then a poll whose client had gone away
 * swallowed it. A command counts from the moment its poll answer is read until its result is in
 * the outbox, or it was refused or dropped.
 */
public class ReceivedCommands {

    /**
     * Characters of ids listed at most (about 160 UUIDs), so that the poll's request line stays
     * well within the 8 KiB request-header buffer that Payara's HTTP listener and common proxies
     * allow by default. A healthy agent holds far fewer: each poll asks for at most 100.
     */
    static final int MAX_LISTED_CHARS = 6000;

    // Insertion order: when the list is cut, the newest are listed, as those are the ones not yet
    // started (a started command is not requeued anyway). A count, because the same command can be
    // delivered again (after a requeue) while it is still held.
    private final Map<String, Integer> received = new LinkedHashMap<>();

    public synchronized void add(String commandId) {
        received.merge(commandId, 1, Integer::sum);
    }

    /** One receipt of the command is over: its result is in the outbox, or it was not run. */
    public synchronized void finished(String commandId) {
        received.computeIfPresent(commandId, (id, count) -> count > 1 ? count - 1 : null);
    }

    /** The ids to send as {@code have}, newest first, cut at {@link #MAX_LISTED_CHARS}. */
    public synchronized List<String> have() {
        List<String> ids = new ArrayList<>(received.keySet());
        List<String> listed = new ArrayList<>();
        int chars = 0;
        for (ListIterator<String> newest = ids.listIterator(ids.size()); newest.hasPrevious(); ) {
            String id = newest.previous();
            chars += id.length() + 1;
            if (chars > MAX_LISTED_CHARS) {
                break;
            }
            listed.add(id);
        }
        return listed;
    }
}
