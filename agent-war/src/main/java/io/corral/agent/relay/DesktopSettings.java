package io.corral.agent.relay;

import java.time.Duration;

/**
 * Where guests' desktops are and how long to try reaching them.
 *
 * @param urlTemplate    the guest's websockify URL with {@code {node}}, {@code {vmid}} and {@code {name}}
 *                       placeholders, e.g. {@code ws://{name}.vms.example:6080/websockify}
 * @param connectTimeout for each of the two connections a relay makes
 */
public record DesktopSettings(String urlTemplate, Duration connectTimeout) {

    public static final String DEFAULT_URL = "ws://{name}:6080/websockify";

    public static DesktopSettings defaults() {
        return new DesktopSettings(DEFAULT_URL, Duration.ofSeconds(5));
    }
}
