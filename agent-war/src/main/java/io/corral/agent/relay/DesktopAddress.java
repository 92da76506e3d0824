package io.corral.agent.relay;

import io.corral.agent.executor.CommandFailure;
import java.net.URI;
import java.util.regex.Pattern;

/** A guest's desktop URL from the configured template; names that could bend the URL are refused. */
public final class DesktopAddress {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private DesktopAddress() {
    }

    /** The URL for this guest; {@code name} may be null when the template does not use it. */
    public static URI of(String template, String node, int vmid, String name) throws CommandFailure {
        String url = template.replace("{node}", node).replace("{vmid}", Integer.toString(vmid));
        if (url.contains("{name}")) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw CommandFailure.invalidPayload("name", "must be a host name to fill the desktop URL template");
            }
            url = url.replace("{name}", name);
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(RelayFailures.DESKTOP_URL_INVALID,
                    "CORRAL_AGENT_DESKTOP_URL does not give a URL for " + node + "/" + vmid);
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) && !"wss".equalsIgnoreCase(uri.getScheme())) {
            throw new CommandFailure(RelayFailures.DESKTOP_URL_INVALID, "CORRAL_AGENT_DESKTOP_URL must be ws:// or wss://");
        }
        return uri;
    }
}
