package io.corral.pvesim;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed server certificate made at start, as a fresh PVE node has ({@code pve-ssl.pem}):
 * RSA 2048, SHA-256, valid two years, with localhost, the bind address and 127.0.0.1/::1 as
 * subject alternative names. Only the JDK's own providers sign and parse it; BouncyCastle builds it.
 */
final class SelfSignedTls {

    private static final char[] PASSWORD = "pve-sim".toCharArray();

    private final SSLContext context;
    private final String sha256Fingerprint;

    private SelfSignedTls(SSLContext context, String sha256Fingerprint) {
        this.context = context;
        this.sha256Fingerprint = sha256Fingerprint;
    }

    static SelfSignedTls generate(String bindAddress) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = certificate(keys, bindAddress);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("pve-ssl", keys.getPrivate(), PASSWORD, new Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
            return new SelfSignedTls(context, fingerprint(certificate));
        } catch (GeneralSecurityException | java.io.IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the self-signed certificate", e);
        }
    }

    SSLContext context() {
        return context;
    }

    /** {@code AA:BB:…}: upper-case hex pairs of the SHA-256 of the DER certificate, as PVE shows it. */
    String sha256Fingerprint() {
        return sha256Fingerprint;
    }

    static String fingerprint(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        StringBuilder hex = new StringBuilder();
        for (byte b : digest) {
            hex.append(hex.length() == 0 ? "" : ":").append(String.format("%02X", b));
        }
        return hex.toString();
    }

    private static X509Certificate certificate(KeyPair keys, String bindAddress)
            throws GeneralSecurityException, OperatorCreationException, java.io.IOException {
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=localhost,OU=PVE Cluster Node,O=Proxmox Virtual Environment");
        X500Name issuer = new X500Name("CN=Proxmox Virtual Environment,OU=pve-sim,O=PVE Cluster Manager CA");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(730))), subject, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names(bindAddress)));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static GeneralName[] names(String bindAddress) {
        List<GeneralName> names = new ArrayList<>(List.of(new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.iPAddress, "::1")));
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()) {
                names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
            }
        } catch (UnknownHostException | IllegalArgumentException e) {
            names.add(new GeneralName(GeneralName.dNSName, bindAddress));
        }
        return names.toArray(GeneralName[]::new);
    }
}
