package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps SSH away from addresses an agent must never be steered to (SSRF): link-local and
 * cloud metadata services always, loopback and the wildcard address unless allowed. Checked
 * when targets are loaded and again, after DNS resolution, right before connecting.
 */
public final class SshAddressGuard {

    // AWS's IPv6 instance metadata service; its IPv4 one (169.254.169.254) is link-local.
    private static final InetAddress AWS_METADATA_V6 = literal("fd00:ec2::254");

    private final boolean allowLoopback;

    public SshAddressGuard(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /**
     * Resolves the host and returns the address to connect to (the first one; every address it
     * resolves to must be acceptable, so a name cannot mix a good and a forbidden one).
     *
     * @throws CommandFailure {@code SSH_TARGET_FORBIDDEN}, or {@code SSH_UNREACHABLE} when the
     *                        name does not resolve
     */
    public InetAddress resolve(String host) throws CommandFailure {
        List<InetAddress> addresses;
        try {
            addresses = Arrays.asList(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            throw SshErrors.failure(SshErrors.UNREACHABLE, "SSH host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = forbidden(address);
            if (why != null) {
                throw SshErrors.failure(SshErrors.TARGET_FORBIDDEN,
                        "SSH host " + host + " resolves to " + address.getHostAddress() + ", " + why);
            }
        }
        return addresses.get(0);
    }

    /** Why the address is refused, or null when it is acceptable. */
    public String forbidden(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return allowLoopback ? null
                    : "a loopback address (set CORRAL_AGENT_SSH_ALLOW_LOOPBACK=true to allow it)";
        }
        if (address.isLinkLocalAddress()) {
            return "a link-local address (metadata services live there)";
        }
        if (address.equals(AWS_METADATA_V6)) {
            return "a cloud metadata address";
        }
        if (address instanceof Inet6Address v6) {
            if (v6.isIPv4CompatibleAddress()) {
                return "an IPv4-compatible IPv6 address";
            }
            InetAddress embedded = nat64(v6);
            if (embedded != null && (embedded.isLinkLocalAddress() || embedded.isLoopbackAddress()
                    || embedded.isAnyLocalAddress())) {
                return "a NAT64 address of a forbidden IPv4 address";
            }
        }
        return null;
    }

    // 64:ff9b::/96 reaches the embedded IPv4 address through a NAT64 gateway.
    private static InetAddress nat64(Inet6Address address) {
        byte[] bytes = address.getAddress();
        byte[] prefix = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
        if (!Arrays.equals(Arrays.copyOf(bytes, 12), prefix)) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static InetAddress literal(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
