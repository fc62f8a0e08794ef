package io.github.crossaccountdelivery.acceptance.local;

import io.github.crossaccountdelivery.acceptance.ports.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The JDK's HTTP client. For https it validates the certificate chain and the host name with the
 * JDK's trust store (the default SSLContext): that is what assertion A5 proves for a configured
 * domain. It follows no redirect, so that a 301 from the load balancer's HTTP listener is not
 * mistaken for the service's answer.
 */
public final class JavaHttp implements Http {

    private static final int MAX_BODY = 64 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public Answer get(URI uri, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Answer(response.statusCode(), body.length() > MAX_BODY ? body.substring(0, MAX_BODY) : body);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException("GET " + uri + " interrupted", new IOException(e));
        }
    }
}
