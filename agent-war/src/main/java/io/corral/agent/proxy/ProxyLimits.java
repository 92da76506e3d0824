package io.corral.agent.proxy;

import java.time.Duration;

/**
 * What one inbound connection may cost the proxy, so that slow or idle clients cannot hold every
 * worker thread or socket.
 *
 * @param headerTimeout  a request's line and headers must have arrived within this time
 *                       ({@code CORRAL_AGENT_PROXY_HEADER_TIMEOUT_SECONDS}, default 10 s)
 * @param bodyTimeout    a request's whole body must have arrived within this time
 *                       ({@code CORRAL_AGENT_PROXY_BODY_TIMEOUT_SECONDS}, default 30 s)
 * @param idleTimeout    a connection without a request in progress is closed after this time
 *                       ({@code CORRAL_AGENT_PROXY_IDLE_TIMEOUT_SECONDS}, default 60 s)
 * @param maxConnections open connections at most; beyond, new ones wait in the listen backlog
 *                       ({@code CORRAL_AGENT_PROXY_MAX_CONNECTIONS}, default 1000)
 * @param uploadTimeout  a streamed request body (above 1 MiB, or chunked) must have arrived whole
 *                       within this time, else its connection is closed
 *                       ({@code CORRAL_AGENT_PROXY_UPLOAD_TIMEOUT_SECONDS}, default 300 s)
 */
public record ProxyLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
        Duration uploadTimeout) {

    /** The default upload deadline. */
    public static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(300);

    /** These limits with the default upload deadline. */
    public ProxyLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections) {
        this(headerTimeout, bodyTimeout, idleTimeout, maxConnections, UPLOAD_TIMEOUT);
    }

    public static ProxyLimits defaults() {
        return new ProxyLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), 1000);
    }

    public ProxyLimits withUploadTimeout(Duration uploadTimeout) {
        return new ProxyLimits(headerTimeout, bodyTimeout, idleTimeout, maxConnections, uploadTimeout);
    }
}
