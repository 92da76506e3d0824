package io.corral.pvesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** HTTPS with a self-signed certificate, pinned by its SHA-256 fingerprint as Proxmox clients do. */
class HttpsTest {

    @Test
    void httpsServesASelfSignedCertificateThatClientsPin() throws Exception {
        try (PveSimulator sim = Sims.fast().https().start()) {
            assertThat(sim.baseUrl()).isEqualTo("https://127.0.0.1:" + sim.port() + "/api2/json");
            assertThat(sim.certificateSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");

            PveClient pinned = Sims.client(sim).tls(pinning(sim.certificateSha256()));
            PveClient.Reply version = pinned.get("/version");
            assertThat(version.status()).isEqualTo(200);
            assertThat(pinned.get("/nodes").data().get(0).path("ssl_fingerprint").asText())
                    .isEqualTo(sim.certificateSha256());

            PveClient wrongPin = Sims.client(sim).tls(pinning("00:" + sim.certificateSha256().substring(3)));
            assertThatThrownBy(() -> wrongPin.get("/version")).isInstanceOf(UncheckedIOException.class);
            assertThatThrownBy(() -> Sims.client(sim).get("/version"))
                    .as("default trust store does not know the self-signed certificate")
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void plainHttpStaysTheDefault() {
        try (PveSimulator sim = Sims.fast().start()) {
            assertThat(sim.baseUrl()).startsWith("http://");
            assertThat(sim.certificateSha256()).isNull();
        }
        try (PveSimulator sim = Sims.fast().https().plainHttp().start()) {
            assertThat(sim.baseUrl()).startsWith("http://");
            assertThat(Sims.client(sim).get("/version").status()).isEqualTo(200);
        }
    }

    /** Trusts exactly the certificate with this fingerprint. */
    static SSLContext pinning(String fingerprint) throws GeneralSecurityException {
        X509TrustManager pin = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    if (!SelfSignedTls.fingerprint(chain[0]).equals(fingerprint)) {
                        throw new CertificateException("fingerprint mismatch");
                    }
                } catch (GeneralSecurityException e) {
                    throw new CertificateException(e);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {pin}, null);
        return context;
    }
}
