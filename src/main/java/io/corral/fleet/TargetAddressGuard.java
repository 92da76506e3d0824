package io.corral.fleet;

import io.corral.platform.error.ApiException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Refuses SSH targets that would turn the agent into a way into places it must not reach:
 * link-local and cloud metadata addresses always, loopback and unspecified unless allowed.
 * Names are resolved here; the agent checks the resolved address again when it connects.
 */
final class TargetAddressGuard {
    private static final String METADATA_V6 = "fd00:ec2:0:0:0:0:0:254";

    private TargetAddressGuard() {
    }

    static void check(String host, boolean allowLoopback) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ApiException(400, "VALIDATION_FAILED", "host: cannot resolve '" + host + "'");
        }
        for (InetAddress a : addresses) {
            String why = refusal(a, allowLoopback);
            if (why != null) {
                throw new ApiException(400, "TARGET_FORBIDDEN", "host: " + host + " resolves to " + a.getHostAddress()
                        + ", " + why);
            }
        }
    }

    static String refusal(InetAddress a, boolean allowLoopback) {
        if (a.isLinkLocalAddress()) {
            return "a link-local address (169.254.0.0/16, fe80::/10, cloud metadata) is never a target";
        }
        if (a instanceof Inet6Address && a.getHostAddress().replaceAll("%.*", "").equalsIgnoreCase(METADATA_V6)) {
            return "the cloud metadata address is never a target";
        }
        if (a.isAnyLocalAddress() || a.isMulticastAddress()) {
            return "not a host address";
        }
        if (a.isLoopbackAddress() && !allowLoopback) {
            return "loopback targets are off (CORRAL_TARGETS_ALLOW_LOOPBACK)";
        }
        return null;
    }
}
