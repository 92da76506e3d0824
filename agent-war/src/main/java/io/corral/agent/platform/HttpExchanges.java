package io.corral.agent.platform;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange bounded end to end. {@link HttpRequest#timeout()} stops at the response
 * headers: a peer that then stalls the body would hold the caller (a heartbeat) forever.
 */
public final class HttpExchanges {

    private HttpExchanges() {
    }

    /**
     * Sends {@code request} and reads its whole body within {@code timeout}; past it the exchange is
     * cancelled (its connection closed) and {@link HttpTimeoutException} thrown.
     */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, Duration timeout)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("timed out: no complete answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
        }
    }
}
