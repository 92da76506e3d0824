package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.Progress;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the log of one running Proxmox task and sends its new lines as progress (they become the
 * command's live task log). Reads at most once per interval however fast the status is polled, and
 * streams at most {@value #MAX_LINES} lines per command, then one note saying the rest stays on Proxmox,
 * so a chatty task cannot flood the bus. A failed read is skipped: the next one picks the lines up.
 */
final class TaskLogStream {

    private static final Logger LOG = Logger.getLogger(TaskLogStream.class.getName());
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int MAX_LINES = 200;
    /** The control plane takes lines of up to 1000 characters. */
    static final int MAX_LINE_CHARS = 1000;
    private static final int READ_LIMIT = 500;

    private final PveClient pve;
    private final CommandContext context;
    private final String node;
    private final String upid;
    private final String what;
    private final Duration interval;
    private final int maxLines;
    private final LongSupplier nanoClock;
    private int read;
    private boolean everRead;
    private long lastRead;
    private boolean spent;

    TaskLogStream(PveClient pve, CommandContext context, String node, String upid, String what) {
        this(pve, context, node, upid, what, INTERVAL, MAX_LINES, System::nanoTime);
    }

    TaskLogStream(PveClient pve, CommandContext context, String node, String upid, String what, Duration interval,
                  int maxLines, LongSupplier nanoClock) {
        this.pve = pve;
        this.context = context;
        this.node = node;
        this.upid = upid;
        this.what = what;
        this.interval = interval;
        this.maxLines = maxLines;
        this.nanoClock = nanoClock;
    }

    /** While the task runs: reads and sends new lines if the last read is an interval ago. */
    void poll() {
        long now = nanoClock.getAsLong();
        if (everRead && now - lastRead < interval.toNanos()) {
            return;
        }
        everRead = true;
        lastRead = now;
        read();
    }

    /** Once the task has stopped: sends what is left of it. */
    void drain() {
        read();
    }

    private void read() {
        if (spent) {
            return;
        }
        List<String> lines;
        try {
            lines = pve.taskLog(node, upid, read, READ_LIMIT);
        } catch (PveException e) {
            LOG.log(Level.FINE, "Log of task {0} not read now: {1}", new Object[] {upid, e.shortReason()});
            return;
        }
        if (lines.isEmpty()) {
            return;
        }
        read += lines.size();
        int granted = context.claimTaskLogLines(lines.size(), maxLines);
        List<String> out = new ArrayList<>(granted + 1);
        for (String line : lines.subList(0, granted)) {
            out.add(cut(line));
        }
        if (granted < lines.size()) {
            spent = true;
            if (context.noteTaskLogCap()) {
                out.add("[corral] task log cut: a command streams at most " + maxLines
                        + " lines; the full log stays on Proxmox (task " + upid + ")");
            }
        }
        if (!out.isEmpty()) {
            context.progress(new Progress(what + ": task running", upid, null, out));
        }
    }

    private static String cut(String line) {
        if (line.length() <= MAX_LINE_CHARS) {
            return line;
        }
        String mark = " [corral: line cut at " + MAX_LINE_CHARS + " characters]";
        return line.substring(0, MAX_LINE_CHARS - mark.length()) + mark;
    }
}
