package io.corral.agent.proxy;

import io.corral.agent.platform.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The proxy's own server certificate: the configured PKCS12 keystore, or else a self-signed one
 * (RSA 2048, SHA-256, ten years) made the first time and kept in the agent's data directory, so
 * that the fingerprint clients pin stays the same across restarts. BouncyCastle only builds the
 * certificate; the JDK signs, stores and serves it.
 *
 * @param context     the server TLS context
 * @param fingerprint SHA-256 of the served certificate, {@code AA:BB:…}
 * @param source      where it came from, for the log line
 */
record ServerTls(SSLContext context, String fingerprint, String source) {

    private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());

    /** What stores made before the password was generated per agent were protected with. */
    private static final char[] FORMER_PASSWORD = "corral-agent-proxy".toCharArray();
    private static final String ALIAS = "corral-agent-proxy";

    static ServerTls load(ProxySettings settings) throws GeneralSecurityException, IOException {
        if (settings.keystore() != null) {
            char[] password = settings.keystorePassword() == null ? new char[0]
                    : settings.keystorePassword().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(settings.keystore())) {
                store.load(in, password);
            }
            return of(store, password, "keystore " + settings.keystore());
        }
        Path file = settings.selfSignedStore();
        if (file == null) {
            char[] password = PrivateFiles.randomSecret().toCharArray();
            return of(selfSigned(settings.bindAddress(), password), password, "self-signed certificate (in memory)");
        }
        // The store's password is generated once per agent and kept beside it (0600).
        Path passwordFile = file.resolveSibling(file.getFileName() + ".password");
        boolean former = Files.isRegularFile(file) && !Files.exists(passwordFile);
        char[] password = PrivateFiles.secret(passwordFile).toCharArray();
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                char[] opening = former ? FORMER_PASSWORD : password;
                store.load(in, opening);
                if (former) {
                    // Same key and certificate (clients keep their pin), now under this agent's own password.
                    rekey(store, opening, password);
                    save(store, file, password);
                }
                return of(store, password, "self-signed certificate " + file);
            } catch (IOException | GeneralSecurityException e) {
                LOG.warning(() -> "cannot read the proxy's self-signed certificate " + file + " ("
                        + e.getMessage() + "); making a new one");
            }
        }
        KeyStore store = selfSigned(settings.bindAddress(), password);
        try {
            save(store, file, password);
            return of(store, password, "new self-signed certificate " + file);
        } catch (IOException e) {
            LOG.warning(() -> "cannot keep the proxy's self-signed certificate in " + file + " ("
                    + e.getMessage() + "); its fingerprint will change with every restart");
            return of(store, password, "self-signed certificate (in memory)");
        }
    }

    private static void rekey(KeyStore store, char[] from, char[] to) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                store.setKeyEntry(alias, store.getKey(alias, from), to, store.getCertificateChain(alias));
            }
        }
    }

    private static ServerTls of(KeyStore store, char[] password, String source)
            throws GeneralSecurityException {
        String alias = Collections.list(store.aliases()).stream().filter(a -> {
            try {
                return store.isKeyEntry(a);
            } catch (GeneralSecurityException e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new GeneralSecurityException("the keystore holds no private key"));
        if (!(store.getCertificate(alias) instanceof X509Certificate certificate)) {
            throw new GeneralSecurityException("the keystore's key " + alias + " has no X.509 certificate");
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, new SecureRandom());
        return new ServerTls(context, Fingerprints.sha256(certificate), source);
    }

    static KeyStore selfSigned(String bindAddress, char[] password) throws GeneralSecurityException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair keys = generator.generateKeyPair();
        X509Certificate certificate;
        try {
            certificate = certificate(keys, bindAddress);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ALIAS, keys.getPrivate(), password, new Certificate[] {certificate});
        return store;
    }

    private static void save(KeyStore store, Path file, char[] password) throws IOException {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            store.store(out, password);
            PrivateFiles.write(file, out.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(KeyPair keys, String bindAddress)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        Instant now = Instant.now();
        String host = localHostName();
        X500Name name = new X500Name("CN=" + (host == null ? "localhost" : host)
                + ",OU=Corral agent PVE proxy,O=Corral");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))), name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names(bindAddress, host)));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
    }

    private static GeneralName[] names(String bindAddress, String host) {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        if (host != null) {
            dns.add(host);
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        try {
            InetAddress address = InetAddress.getByName(bindAddress);
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()) {
                names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress()));
            }
        } catch (UnknownHostException | IllegalArgumentException e) {
            if (!dns.contains(bindAddress)) {
                names.add(new GeneralName(GeneralName.dNSName, bindAddress));
            }
        }
        return names.toArray(GeneralName[]::new);
    }

    private static String localHostName() {
        try {
            String host = InetAddress.getLocalHost().getHostName();
            return host == null || host.isBlank() || !host.matches("[A-Za-z0-9.-]+") ? null : host;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
