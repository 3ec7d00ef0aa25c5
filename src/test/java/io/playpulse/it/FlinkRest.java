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
     * How often the job has failed (and been restarted): the entries of its exception history. Unlike
     * the numRestarts metric, which the REST API fetches in the background, it is current at once. It
     * counts up to web.exception-history-size (16) failures.
     */
    static long restarts(URI rest, JobID job) throws IOException, InterruptedException {
        return get(rest, "/jobs/" + job + "/exceptions?maxExceptions=1000").path("exceptionHistory").path("entries").size();
    }
}
