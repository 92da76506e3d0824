package io.corral.agent.proxy;

import io.corral.agent.pve.PveSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How the PVE API proxy listens and where it forwards to.
 *
 * @param bindAddress      address of the proxy's own listener (default {@code 127.0.0.1}; {@code 0.0.0.0}:
 *                         every interface)
 * @param port             its port (0: any free port, for tests)
 * @param plainHttp        serve plain HTTP instead of HTTPS (tests only: clients expect HTTPS)
 * @param keystore         PKCS12 keystore with the proxy's key and certificate, or null to use a
 *                         self-signed certificate kept in {@code selfSignedStore}
 * @param keystorePassword password of {@code keystore} (and of its key), or null
 * @param selfSignedStore  where the generated self-signed certificate is kept so that its
 *                         fingerprint survives restarts; null keeps it in memory only
 * @param auth             what to do with requests that carry no credentials
 * @param credential       the proxy credential clients present in {@code agent} auth mode
 *                         ({@code CORRAL_AGENT_PROXY_CREDENTIAL}), or null
 * @param cloneWait        how long one clone request may wait for its slot
 * @param upstreamTimeout  how long to wait for Proxmox's answer to one forwarded request
 * @param limits           timeouts and the connection cap of the listener
 * @param upstream         the Proxmox API to forward to (URL, fingerprint, the agent's own token)
 */
public record ProxySettings(String bindAddress, int port, boolean plainHttp, Path keystore,
        String keystorePassword, Path selfSignedStore, AuthMode auth, String credential,
        Duration cloneWait, Duration upstreamTimeout, ProxyLimits limits, PveSettings upstream) {

    /** What callers authenticate with. */
    public enum AuthMode {
        /** Their own Proxmox token or ticket; requests without any are forwarded (Proxmox answers {@code 401}). */
        PASSTHROUGH,
        /**
         * Callers presenting the proxy credential ({@code CORRAL_AGENT_PROXY_CREDENTIAL}) are forwarded
         * with the agent's own API token ({@code CORRAL_AGENT_PVE_TOKEN}); requests without credentials
         * are refused {@code 401}; callers' own Proxmox credentials pass through.
         */
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

    /** Loopback only: clients on other hosts need an operator's decision ({@code CORRAL_AGENT_PROXY_BIND}). */
    public static final String DEFAULT_BIND = "127.0.0.1";

    /** Defaults for the given upstream: HTTPS on 127.0.0.1:8007, pass-through auth, clone wait 600 s. */
    public static ProxySettings defaults(PveSettings upstream) {
        return new ProxySettings(DEFAULT_BIND, 8007, false, null, null, null, AuthMode.PASSTHROUGH, null,
                Duration.ofSeconds(600), Duration.ofSeconds(120), ProxyLimits.defaults(), upstream);
    }

    public ProxySettings withListener(String bindAddress, int port, boolean plainHttp) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    public ProxySettings withKeystore(Path keystore, String keystorePassword, Path selfSignedStore) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    public ProxySettings withAuth(AuthMode auth) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    /** {@code agent} auth mode with this proxy credential (null: none). */
    public ProxySettings withAgentAuth(String credential) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                AuthMode.AGENT, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    public ProxySettings withLimits(ProxyLimits limits) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    public ProxySettings withUpstream(PveSettings upstream) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    public ProxySettings withCloneWait(Duration cloneWait) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    public ProxySettings withUpstreamTimeout(Duration upstreamTimeout) {
        return new ProxySettings(bindAddress, port, plainHttp, keystore, keystorePassword, selfSignedStore,
                auth, credential, cloneWait, upstreamTimeout, limits, upstream);
    }

    @Override
    public String toString() {
        // Never let a password or token reach a log line through a record's toString.
        return "ProxySettings[" + (plainHttp ? "http" : "https") + "://" + bindAddress + ":" + port
                + ", keystore=" + (keystore == null ? "self-signed" : keystore) + ", auth=" + auth
                + ", credential=" + (credential == null ? "none" : "set") + ", cloneWait=" + cloneWait + ", upstream=" + upstream + "]";
    }
}
