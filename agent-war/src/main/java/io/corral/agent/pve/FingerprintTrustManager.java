package io.corral.agent.pve;

import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one server certificate, named by its SHA-256 fingerprint. Proxmox nodes
 * usually run self-signed certificates: pinning the fingerprint keeps TLS checked without a CA.
 * As an {@link X509ExtendedTrustManager} it also replaces the host name check, which a pinned
 * certificate makes unnecessary (Proxmox certificates rarely name the address used to reach
 * them).
 */
public final class FingerprintTrustManager extends X509ExtendedTrustManager {

    private static final X509Certificate[] NO_ISSUERS = new X509Certificate[0];

    private final String expected;

    public FingerprintTrustManager(String fingerprint) {
        this.expected = normalize(fingerprint);
    }

    /** Lower-case hex without separators; rejects anything that is not 32 bytes of hex. */
    static String normalize(String fingerprint) {
        String hex = fingerprint.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, "
                    + "optionally separated by colons)");
        }
        return hex;
    }

    static String fingerprintOf(X509Certificate certificate) throws CertificateException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("server sent no certificate");
        }
        String actual = fingerprintOf(chain[0]);
        if (!actual.equals(expected)) {
            throw new CertificateException("certificate fingerprint "
                    + HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(actual))
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
    public void checkClientTrusted(X509Certificate[] chain, String authType)
            throws CertificateException {
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
        return NO_ISSUERS;
    }
}
