package io.corral.agent.proxy;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly the Proxmox certificate named by {@code CORRAL_AGENT_PVE_FINGERPRINT}, with the
 * same rules as the agent's Proxmox client ({@code io.corral.agent.pve.FingerprintTrustManager},
 * which is package-private there): SHA-256 of the DER certificate, colons and case ignored, and no
 * host name check (a pinned certificate makes it unnecessary).
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final String expected;

    PinnedTrustManager(String fingerprint) {
        this.expected = normalize(fingerprint);
    }

    static String normalize(String fingerprint) {
        String hex = fingerprint.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, "
                    + "optionally separated by colons)");
        }
        return hex;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        String actual;
        try {
            actual = Fingerprints.sha256(chain[0]);
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e);
        }
        if (!normalize(actual).equals(expected)) {
            throw new CertificateException("certificate fingerprint " + actual
                    + " does not match CORRAL_AGENT_PVE_FINGERPRINT");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not accepted");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
