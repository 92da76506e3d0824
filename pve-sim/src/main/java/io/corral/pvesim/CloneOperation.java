package io.corral.pvesim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One running clone. The new guest already exists ({@code lock: clone}); the source is held for the
 * whole task: a container by its config lock {@code disk} (taken by the caller), a VM by the flock on
 * its config file, which a second clone waits for until the lock timeout. Success unlocks the copy
 * (moving it to the target node); failure or a stop removes it. Either way the source is released.
 */
final class CloneOperation {

    static final String SOURCE_LOCK_LXC = "disk";
    static final String COPY_LOCK = "clone";

    private final TaskRunner runner;
    private final ClusterState state;
    private final FileLocks fileLocks;
    private final Guest source;
    private final Guest copy;
    private final String target;
    private final boolean full;
    private Task task;
    private volatile boolean proceeding;

    CloneOperation(TaskRunner runner, ClusterState state, FileLocks fileLocks, Guest source, Guest copy,
                   String target, boolean full) {
        this.runner = runner;
        this.state = state;
        this.fileLocks = fileLocks;
        this.source = source;
        this.copy = copy;
        this.target = target;
        this.full = full;
    }

    /** Starts the task; the UPID is returned at once, whether or not the source's lock is free. */
    Task start(Node node, String user, Duration duration, Duration lockTimeout) {
        GuestType type = source.type();
        task = runner.begin(node, type.taskType("clone"), String.valueOf(source.vmid()), user, List.of(),
                this::undo);
        if (type == GuestType.LXC || fileLocks.acquire(source.vmid(), this,
                () -> runner.execute(() -> granted(duration)))) {
            proceed(duration);
        } else {
            runner.schedule(() -> {
                if (!proceeding) {
                    runner.fail(task, "can't lock file '" + FileLocks.path(source.vmid()) + "' - got timeout");
                }
            }, lockTimeout);
        }
        return task;
    }

    /** The flock came free while waiting; a task stopped meanwhile has already given its place up. */
    private void granted(Duration duration) {
        if (task.isRunning()) {
            proceed(duration);
        }
    }

    private void proceed(Duration duration) {
        proceeding = true;
        task.append(firstLines());
        runner.writeOverTime(task, duration, transferLines(TaskRunner.runningTime(task, duration)));
        runner.finishAfter(task, duration, lastLines(), this::succeed);
    }

    private void succeed() {
        if (target != null) {
            copy.moveTo(target);
        }
        copy.unlock(COPY_LOCK);
        releaseSource();
    }

    private void undo() {
        state.removeGuest(copy);
        releaseSource();
    }

    private void releaseSource() {
        if (source.type() == GuestType.LXC) {
            source.unlock(SOURCE_LOCK_LXC);
        } else {
            fileLocks.release(source.vmid(), this);
        }
    }

    private List<String> firstLines() {
        String how = full ? "full" : "linked";
        String volume = "local-lvm:" + GuestConfig.volume(source);
        String created = "  Logical volume \"vm-" + copy.vmid() + "-disk-0\" created.";
        if (source.type() == GuestType.LXC) {
            return List.of("create " + how + " clone of mount point rootfs (" + volume + ")", created);
        }
        return List.of("create " + how + " clone of drive scsi0 (" + volume + ")", created);
    }

    private List<String> lastLines() {
        String size = gib(source.maxdisk());
        List<String> transfer = !full ? List.of() : source.type() == GuestType.LXC
                ? List.of("Creating filesystem with " + (source.maxdisk() >> 12) + " 4k blocks",
                        "Number of files: 27,316 (reg: 21,005, dir: 2,005, link: 4,274, dev: 2, special: 30)")
                : List.of("transferred " + size + " of " + size + " (100.00%)");
        if (target == null) {
            return transfer;
        }
        List<String> lines = new java.util.ArrayList<>(transfer);
        lines.add("moving " + source.type().noun() + " " + copy.vmid() + " to node '" + target + "'");
        return lines;
    }

    /**
     * A full VM clone's copy progress while it runs, one line per quarter second of its running time
     * (2 to 100 lines), as {@code qm clone} writes it; the 100% line comes with the end.
     */
    private List<String> transferLines(Duration runFor) {
        if (!full || source.type() == GuestType.LXC) {
            return List.of();
        }
        int steps = (int) Math.max(2, Math.min(100, runFor.toMillis() / 250));
        long total = source.maxdisk();
        List<String> lines = new java.util.ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            long done = total / steps * i;
            lines.add("transferred " + (i == 0 ? "0.0 B" : gib(done)) + " of " + gib(total) + " ("
                    + String.format(Locale.ROOT, "%.2f", 100.0 * i / steps) + "%)");
        }
        return lines;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
