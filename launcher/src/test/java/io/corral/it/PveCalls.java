package io.corral.it;

import io.corral.launcher.Stack;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Calls the simulated Proxmox directly, as an operator or another tool would: HTTPS, pinned certificate. */
final class PveCalls {
    private PveCalls() {
    }

    static String post(Stack stack, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(pinned(stack.simulator().certificateSha256())).build();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.simulator().baseUrl() + path))
                .header("Authorization", "PVEAPIToken=" + stack.pveToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("Proxmox answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    private static SSLContext pinned(String fingerprint) throws Exception {
        X509TrustManager pin = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    String seen = HexFormat.ofDelimiter(":").withUpperCase()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                    if (!seen.equalsIgnoreCase(fingerprint)) {
                        throw new CertificateException("certificate " + seen + " is not the pinned " + fingerprint);
                    }
                } catch (java.security.NoSuchAlgorithmException e) {
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
