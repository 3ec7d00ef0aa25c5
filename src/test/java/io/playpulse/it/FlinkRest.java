package io.playpulse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.flink.api.common.JobID;

/** Reads a job's figures from Flink's REST API, as an operator (or the demo) would. */
final class FlinkRest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlinkRest() {}

    static long restarts(URI rest, JobID job) throws Exception {
        URI uri = rest.resolve("/jobs/" + job + "/metrics?get=numRestarts");
        String body = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
        JsonNode metrics = JSON.readTree(body);
        if (!metrics.isArray() || metrics.isEmpty()) {
            throw new IllegalStateException("no numRestarts metric for job " + job + ": " + body);
        }
        return metrics.get(0).get("value").asLong();
    }
}
