package io.corral.agent.proxy;

import io.corral.agent.pve.PveSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the PVE API proxy listens and where it forwards to.
 *
 * @param bindAddress      address of the proxy's own listener ({@code 0.0.0.0}: every interface)
 * @param port             its port (0: any free port, for tests)
 * @param plainHttp        serve plain HTTP instead of HTTPS (tests only: clients expect HTTPS)
 * @param keystore         PKCS12 keystore with the proxy's key and certificate, or null to use a
 *                         self-signed certificate kept in {@code selfSignedStore}
 * @param keystorePassword password of {@code keystore} (and of its key), or null
 * @param selfSignedStore  where the generated self-signed certificate is kept so that its
 *                         fingerprint survives restarts; null keeps it in memory only
 * @param auth             what to do with requests that carry no credentials
 * @param cloneWait        how long one clone request may wait for its slot
 * @param upstreamTimeout  how long to wait for Proxmox's answer to one forwarded request
 * @param upstream         the Proxmox API to forward to (URL, fingerprint, the agent's own token)
 */
public record ProxySettings(String bindAddress, int port, boolean plainHttp, Path keystore,
        String keystorePassword, Path selfSignedStore, AuthMode auth,
        Duration cloneWait, Duration upstreamTimeout, PveSettings upstream) {

    /** Requests that carry no credentials of their own. */
    public enum AuthMode {
        /** Forwarded as they are: Proxmox answers {@code 401}. */
        PASSTHROUGH,
        /** Forwarded with the agent's own API token ({@code CORRAL_AGENT_PVE_TOKEN}). */
        AGENT;

        /** {@code passthrough} (default) or {@code agent}, case-insensitive. */
        public static AuthMode parse(String value) {
            if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("passthrough")) {
                return PASSTHROUGH;
            }
            if (value.trim().equalsIgnoreCase("agent")) {
                return AGENT;
            }
            throw new IllegalArgumentException("CORRAL_AGENT_PROXY_AUTH must be passthrough or agent, not "
                    + value.trim());
        }
    }

    /** Defaults for the given upstream: HTTPS on 0.0.0.0:8007, pass-through auth, clone wait 600 s. */
    public static ProxySettings defaults(PveSettings upstream) {
        return new ProxySettings("0.0.0.0", 8007, false, null, null, null, AuthMode.PASSTHROUGH,
                Duration.ofSeconds(600), Duration.ofSeconds(120), upstream);
    }

    public ProxySettings withListener(String bindAddress, int port, boolean plainHttp) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, cloneWait, upstreamTimeout, upstream);
    }

    public ProxySettings withKeystore(Path keystore, String keystorePassword, Path selfSignedStore) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, cloneWait, upstreamTimeout, upstream);
    }

    public ProxySettings withAuth(AuthMode auth) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, cloneWait, upstreamTimeout, upstream);
    }

    public ProxySettings withCloneWait(Duration cloneWait) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, cloneWait, upstreamTimeout, upstream);
    }

    public ProxySettings withUpstreamTimeout(Duration upstreamTimeout) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, cloneWait, upstreamTimeout, upstream);
    }

    @Override
    public String toString() {
        // Never let a password or token reach a log line through a record's toString.
        return "ProxySettings[" + (plainHttp ? "http" : "https") + "://" + bindAddress + ":" + port
                + ", keystore=" + (keystore == null ? "self-signed" : keystore) + ", auth=" + auth
                + ", cloneWait=" + cloneWait + ", upstream=" + upstream + "]";
    }
}
