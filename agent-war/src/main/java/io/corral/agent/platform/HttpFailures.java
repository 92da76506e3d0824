package io.corral.agent.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLException;

/** Short, operator-readable reasons for transport failures of {@link java.net.http.HttpClient}. */
public final class HttpFailures {

    private HttpFailures() {
    }

    public static String describe(IOException e) {
        Throwable root = rootCause(e);
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return "request timed out";
        }
        if (e instanceof ConnectException || root instanceof ConnectException) {
            return "connection refused";
        }
        if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (e instanceof SSLException || root instanceof SSLException
                || root instanceof java.security.cert.CertificateException) {
            return "TLS failed: " + messageOf(root);
        }
        return messageOf(root);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable current = e;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
