package io.corral.agent.pve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proxmox serves a self-signed certificate for a name that is rarely the address the agent
 * uses: the agent pins its SHA-256 fingerprint. Served here by a real HTTPS server with a
 * certificate made by keytool for {@code CN=pve1.example}.
 */
class FingerprintPinningTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    private static HttpsServer server;
    private static String fingerprint;

    @BeforeAll
    static void startHttpsPve() throws Exception {
        Path keystore = dir.resolve("pve.p12");
        Process keytool = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "pve", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=pve1.example", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        X509Certificate certificate = (X509Certificate) store.getCertificate("pve");
        fingerprint = HexFormat.ofDelimiter(":").withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));

        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/api2/json/version", exchange -> {
            byte[] body = FakePve.resource("version.json").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopHttpsPve() {
        server.stop(0);
    }

    private static PveClient client(String pinned) {
        String url = "https://127.0.0.1:" + server.getAddress().getPort();
        return new PveClient(new PveSettings(url, FakePve.TOKEN, pinned, Duration.ofSeconds(10)));
    }

    @Test
    void thePinnedCertificateIsTrustedWhateverNameItCarries() throws Exception {
        assertThat(client(fingerprint).version().version()).isEqualTo("8.2.4");
        assertThat(client(fingerprint.replace(":", "").toLowerCase()).version().version()).isEqualTo("8.2.4");
    }

    @Test
    void anotherCertificateIsRefused() {
        // Change the first byte; the generated certificate's own fingerprint may start with 00.
        String other = (fingerprint.startsWith("00") ? "11:" : "00:") + fingerprint.substring(3);

        PveException e = catchThrowableOfType(PveException.class, () -> client(other).version());

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).startsWith("TLS failed").contains("does not match CORRAL_AGENT_PVE_FINGERPRINT");
    }

    @Test
    void withoutAPinASelfSignedCertificateIsRefused() {
        PveException e = catchThrowableOfType(PveException.class, () -> client(null).version());

        assertThat(e.getMessage()).startsWith("TLS failed");
    }

    @Test
    void aMalformedFingerprintIsReportedOnEveryCall() {
        PveException e = catchThrowableOfType(PveException.class, () -> client("AB:CD").version());

        assertThat(e.getMessage()).contains("not a SHA-256 fingerprint");
    }
}
