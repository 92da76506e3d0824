package io.corral.agent.proxy;

import io.corral.agent.pve.PveSettings;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import io.corral.agent.pve.FingerprintTrustManager;
import javax.net.ssl.TrustManager;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactoryBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The connection to Proxmox: Apache HttpClient 5, which (unlike java.net.http) reads the reason
 * phrase where Proxmox puts its error text. It never retries (a retried clone POST could clone
 * twice), never follows redirects, keeps no cookies and leaves bodies as they are: the proxy
 * relays, it does not interpret. TLS pins {@code CORRAL_AGENT_PVE_FINGERPRINT} when set, as the
 * agent's Proxmox client does; otherwise the JVM's trust store and host name checks apply.
 */
final class Upstream implements Closeable {

    private final String origin;
    private final CloseableHttpClient http;
    private final PoolingHttpClientConnectionManager connections;

    Upstream(PveSettings settings, Duration responseTimeout, int maxConnections) throws GeneralSecurityException {
        String root = settings.apiRoot();
        this.origin = root.substring(0, root.length() - "/api2/json".length());
        URI uri = URI.create(origin);
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            throw new IllegalArgumentException("CORRAL_AGENT_PVE_URL must look like https://host:8006");
        }
        PoolingHttpClientConnectionManagerBuilder pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom()
                        .setSoTimeout(Timeout.of(responseTimeout.toMillis(), TimeUnit.MILLISECONDS)).build());
        if (settings.fingerprint() != null && !settings.fingerprint().isBlank()) {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new FingerprintTrustManager(settings.fingerprint())}, null);
            SSLConnectionSocketFactory sockets = SSLConnectionSocketFactoryBuilder.create()
                    .setSslContext(tls)
                    .setHostnameVerifier(NoopHostnameVerifier.INSTANCE) // the pin replaces it
                    .build();
            pool.setSSLSocketFactory(sockets);
        }
        this.connections = pool.build();
        RequestConfig requests = RequestConfig.custom()
                .setConnectTimeout(Timeout.of(settings.timeout().toMillis(), TimeUnit.MILLISECONDS))
                .setConnectionRequestTimeout(Timeout.of(settings.timeout().toMillis(), TimeUnit.MILLISECONDS))
                .setResponseTimeout(Timeout.of(responseTimeout.toMillis(), TimeUnit.MILLISECONDS))
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .build();
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requests)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
    }

    /** {@code https://host:8006}: the forwarded path (starting with {@code /api2/}) is appended. */
    String origin() {
        return origin;
    }

    CloseableHttpResponse execute(ClassicHttpRequest request) throws IOException {
        return http.execute(request);
    }

    @Override
    public void close() throws IOException {
        http.close();
        connections.close();
    }
}
