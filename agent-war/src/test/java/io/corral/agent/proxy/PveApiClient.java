package io.corral.agent.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A Proxmox API client the way operators' libraries (proxmoxer, Terraform providers …) behave:
 * {@code https://host:port/api2/json} hard-coded, {@code Authorization: PVEAPIToken=…} or a ticket
 * cookie plus CSRF token, form-encoded writes, the server certificate pinned by fingerprint, errors
 * read from the reason phrase. Deliberately independent of the proxy's code.
 */
final class PveApiClient {

    record Response(int status, String reason, String body, Map<String, List<String>> headers) {

        /** The {@code data} string of the body (enough for UPIDs), or null. */
        String dataString() {
            Matcher m = Pattern.compile("\"data\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }

        String field(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private final String apiRoot;
    private final SSLSocketFactory tls;
    private String authorization;
    private String ticket;
    private String csrf;
    private int readTimeoutMillis = 60_000;

    /** @param fingerprint SHA-256 {@code AA:BB:…} of the server certificate; null for plain HTTP */
    PveApiClient(String apiRoot, String fingerprint) {
        this.apiRoot = apiRoot;
        this.tls = fingerprint == null ? null : pinned(fingerprint);
    }

    PveApiClient token(String tokenIdAndSecret) {
        this.authorization = "PVEAPIToken=" + tokenIdAndSecret;
        return this;
    }

    PveApiClient readTimeout(int millis) {
        this.readTimeoutMillis = millis;
        return this;
    }

    /** {@code POST /access/ticket}; on success uses the ticket (cookie + CSRF token) from now on. */
    Response login(String user, String password) throws IOException {
        Response response = post("/access/ticket", Map.of("username", user, "password", password));
        if (response.status() == 200) {
            ticket = response.field("ticket");
            csrf = response.field("CSRFPreventionToken");
            authorization = null;
        }
        return response;
    }

    Response get(String path) throws IOException {
        return send("GET", path, null, false);
    }

    Response post(String path, Map<String, String> params) throws IOException {
        return send("POST", path, form(params), false);
    }

    /** POSTs and drops the connection as soon as the answer is read (a client that leaves at once). */
    Response postAndHangUp(String path, Map<String, String> params) throws IOException {
        return send("POST", path, form(params), true);
    }

    Response put(String path, Map<String, String> params) throws IOException {
        return send("PUT", path, form(params), false);
    }

    /** Follows a task to its end: {@code GET /nodes/{node}/tasks/{upid}/status} until stopped. */
    Response awaitTask(String upid, long timeoutMillis) throws IOException, InterruptedException {
        String node = upid.split(":")[1];
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            Response status = get("/nodes/" + node + "/tasks/" + encode(upid) + "/status");
            if (status.status() != 200) {
                throw new IOException("task status: " + status.status() + " " + status.reason());
            }
            if ("stopped".equals(status.field("status"))) {
                return status;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IOException("task " + upid + " still running after " + timeoutMillis + " ms");
            }
            Thread.sleep(25);
        }
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Response send(String method, String path, String form, boolean hangUp) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(apiRoot + path).openConnection();
        if (connection instanceof HttpsURLConnection https && tls != null) {
            https.setSSLSocketFactory(tls);
            https.setHostnameVerifier((host, session) -> true); // the certificate is pinned
        }
        connection.setRequestMethod(method);
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setInstanceFollowRedirects(false);
        if (authorization != null) {
            connection.setRequestProperty("Authorization", authorization);
        }
        if (ticket != null) {
            connection.setRequestProperty("Cookie", "PVEAuthCookie=" + encode(ticket));
            if (!method.equals("GET")) {
                connection.setRequestProperty("CSRFPreventionToken", csrf);
            }
        }
        if (form != null) {
            byte[] bytes = form.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/x-www-form-urlencoded");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        try {
            int status = connection.getResponseCode();
            String reason = connection.getResponseMessage();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) {
                    headers.put(name.toLowerCase(Locale.ROOT), values);
                }
            });
            return new Response(status, reason, body, headers);
        } finally {
            if (hangUp) {
                connection.disconnect();
            }
        }
    }

    private static String form(Map<String, String> params) {
        StringBuilder form = new StringBuilder();
        params.forEach((k, v) -> form.append(form.length() == 0 ? "" : "&").append(encode(k)).append('=')
                .append(encode(v)));
        return form.toString();
    }

    private static SSLSocketFactory pinned(String fingerprint) {
        String expected = fingerprint.replace(":", "").toLowerCase(Locale.ROOT);
        X509TrustManager pin = new X509TrustManager() {
            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    String actual = HexFormat.of().formatHex(
                            MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
                    if (!actual.equals(expected)) {
                        throw new CertificateException("fingerprint mismatch");
                    }
                } catch (GeneralSecurityException e) {
                    throw new CertificateException(e);
                }
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("no client certificates");
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {pin}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
