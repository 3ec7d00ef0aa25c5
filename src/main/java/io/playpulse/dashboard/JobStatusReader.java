package io.playpulse.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.playpulse.dashboard.Snapshot.JobStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * The job's state from Flink's REST API: the newest PlayPulse job that is not over (else the newest
 * one), its numRestarts metric and the age of its last completed checkpoint.
 */
final class JobStatusReader {
    static final String JOB_NAME = "PlayPulse";
    private static final Set<String> OVER = Set.of("FINISHED", "CANCELED", "FAILED");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI rest;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    JobStatusReader(URI rest, Clock clock) {
        // Paths resolve below the given one, so a REST API behind a proxy prefix works too.
        this.rest = rest.getPath().endsWith("/") ? rest : URI.create(rest + "/");
        this.clock = clock;
    }

    Panel<JobStatus> read(Panel<JobStatus> previous) {
        long now = clock.instant().getEpochSecond();
        try {
            JsonNode job = pick(get("jobs/overview").path("jobs"));
            if (job == null) {
                return new Panel<>(null, now, true, "no PlayPulse job on " + rest);
            }
            String id = job.path("jid").asText();
            JsonNode restarts = get("jobs/" + id + "/metrics?get=numRestarts");
            Long restartCount = restarts.isArray() && !restarts.isEmpty() ? restarts.get(0).path("value").asLong() : null;
            JsonNode completed = get("jobs/" + id + "/checkpoints").path("latest").path("completed");
            Long checkpointAge = completed.isObject()
                    ? Math.max(0, now - completed.path("latest_ack_timestamp").asLong() / 1000)
                    : null;
            String state = job.path("state").asText();
            JobStatus status = new JobStatus(id, job.path("name").asText(), state, restartCount, checkpointAge);
            return "RUNNING".equals(state)
                    ? Panel.fresh(status, now)
                    : new Panel<>(status, now, true, "the job is " + state + ": nothing new is written");
        } catch (IOException | RuntimeException e) {
            return Panel.unrefreshed(previous, "Flink REST API unreachable at " + rest);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Panel.unrefreshed(previous, "interrupted");
        }
    }

    private static JsonNode pick(JsonNode jobs) {
        JsonNode best = null;
        for (JsonNode job : jobs) {
            if (!JOB_NAME.equals(job.path("name").asText())) {
                continue;
            }
            if (best == null || rank(job) > rank(best)) {
                best = job;
            }
        }
        return best;
    }

    /** Running (or restarting) jobs before ended ones, then the newest. */
    private static double rank(JsonNode job) {
        boolean over = OVER.contains(job.path("state").asText());
        return (over ? 0 : 1e15) + job.path("start-time").asDouble();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(rest.resolve(path)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + path);
        }
        return json.readTree(response.body());
    }
}
