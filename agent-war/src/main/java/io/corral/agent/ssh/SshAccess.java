package io.corral.agent.ssh;

import io.corral.agent.executor.CommandExecutor;
import java.util.List;

/** The SSH side of the agent: its targets (also asked by {@code targets.list}) and its executors. */
public final class SshAccess implements AutoCloseable {

    private final SshSettings settings;
    private final SshTargetDirectory targets;
    private final List<CommandExecutor> executors;
    private final CancelWatch cancelWatch = new CancelWatch();

    public SshAccess(SshSettings settings) {
        this.settings = settings;
        SshAddressGuard guard = new SshAddressGuard(settings.allowLoopback());
        this.targets = new SshTargetDirectory(settings.targetsFile(), settings.keyDir(), guard);
        SshConnector connector = new SshConnector(guard, settings.connectTimeout(), cancelWatch);
        ConfigPaths paths = new ConfigPaths(settings.configPaths());
        CommandTemplates templates = new CommandTemplates(settings.commandsFile());
        this.executors = List.of(
                new SshStatusExecutor(SshStatusExecutor.TYPE, targets, connector),
                new SshStatusExecutor(SshStatusExecutor.ALIAS, targets, connector),
                new SshReadConfigExecutor(targets, connector, paths),
                new SshWriteConfigExecutor(targets, connector, paths),
                new SshExecExecutor(targets, connector, templates, settings.execTimeout()));
    }

    /** Which guests have a usable target: the hook {@code targets.list} reports as {@code sshConfigured}. */
    public SshSettings settings() {
        return settings;
    }

    public SshTargets targets() {
        return targets;
    }

    /** {@code ssh.status}, {@code ssh.test}, {@code ssh.read-config}, {@code ssh.write-config}, {@code ssh.exec}. */
    public List<CommandExecutor> executors() {
        return executors;
    }

    @Override
    public void close() {
        cancelWatch.close();
    }
}
