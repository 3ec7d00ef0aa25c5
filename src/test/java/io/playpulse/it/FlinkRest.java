package io.playpulse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/** Reads a job's figures from Flink's REST API, as an operator (or the demo) would. */
final class FlinkRest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlinkRest() {}

    /** GET {@code path} of the REST API at {@code rest}, as JSON. */
    static JsonNode get(URI rest, String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest.resolve(path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    static void cancel(URI rest, JobID job) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(rest.resolve("/jobs/" + job + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    /**
     * The job's numRestarts metric. The REST API fetches metrics in the background (every 10 s at
     * most), so the first answers may be empty: asks again for up to 30 s.
     */
    static long restarts(URI rest, JobID job) throws Exception {
        URI uri = rest.resolve("/jobs/" + job + "/metrics?get=numRestarts");
        String body = "";
        for (int attempt = 0; attempt < 60; attempt++) {
            body = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            JsonNode metrics = JSON.readTree(body);
            if (metrics.isArray() && !metrics.isEmpty()) {
                return metrics.get(0).get("value").asLong();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no numRestarts metric for job " + job + " within 30 s: " + body);
    }
}
