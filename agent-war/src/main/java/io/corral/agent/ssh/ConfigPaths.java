package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The remote files {@code ssh.read-config} and {@code ssh.write-config} may touch: absolute,
 * normalised paths matching one of the configured globs ({@code *} and {@code ?} stay within
 * one path segment, {@code **} crosses segments).
 */
public final class ConfigPaths {

    // Glob characters would be expanded by JSch's SFTP client; '..' and '.' could walk out of an
    // allowed directory; control characters have no place in a config path.
    private static final Pattern SAFE = Pattern.compile("(/[A-Za-z0-9._@+=,-]+)+");
    private static final int MAX_LENGTH = 1024;

    private final List<String> globs;
    private final List<Pattern> patterns;

    public ConfigPaths(List<String> globs) {
        this.globs = List.copyOf(globs);
        this.patterns = this.globs.stream().map(ConfigPaths::toRegex).toList();
    }

    /** The path, when allowed; otherwise {@code SSH_COMMAND_FORBIDDEN} naming the allow-list. */
    public String check(String path) throws CommandFailure {
        if (path == null || path.length() > MAX_LENGTH || !SAFE.matcher(path).matches()
                || List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN,
                    "path must be an absolute, normalised path without special characters");
        }
        if (patterns.stream().noneMatch(p -> p.matcher(path).matches())) {
            throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN,
                    "path " + path + " is not allowed; allowed: " + String.join(",", globs));
        }
        return path;
    }

    /**
     * The file a write keeps beside {@code path}, {@code marker} put before the extension
     * ({@code app.conf} → {@code app.corral-tmp.conf}) so that it can match the same glob; refused
     * ({@code SSH_COMMAND_FORBIDDEN}) when no glob allows it, as no file outside the globs is touched.
     */
    public String companion(String path, String marker) throws CommandFailure {
        int slash = path.lastIndexOf('/');
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String companion = path.substring(0, slash + 1) + (dot > 0
                ? name.substring(0, dot) + "." + marker + name.substring(dot) : name + "." + marker);
        if (patterns.stream().noneMatch(p -> p.matcher(companion).matches())) {
            throw SshErrors.failure(SshErrors.COMMAND_FORBIDDEN, "writing " + path + " goes through " + companion
                    + ", which no allowed path matches; allowed: " + String.join(",", globs));
        }
        return companion;
    }

    static Pattern toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
