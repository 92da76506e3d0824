package io.corral.agent.platform;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which base URLs the agent may send its tokens to: {@code https://}, and {@code http://} only to
 * this machine (loopback: the token never leaves it) unless {@code CORRAL_AGENT_ALLOW_HTTP=true}.
 */
final class UrlPolicy {

    private UrlPolicy() {
    }

    /** The URL, when allowed. @throws IllegalStateException naming the setting and the way out */
    static String check(String setting, String url, boolean allowHttp) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return url; // the client reports a malformed URL on every call
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") || allowHttp || isLoopback(uri.getHost())) {
            return url;
        }
        throw new IllegalStateException(setting + "=" + url + " is plain HTTP to another machine: the agent's token "
                + "and commands would cross the network unencrypted. Use https://, or set CORRAL_AGENT_ALLOW_HTTP=true "
                + "to accept it");
    }

    // Literal addresses and "localhost" only: no DNS lookup decides whether a token travels in clear.
    static boolean isLoopback(String host) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
