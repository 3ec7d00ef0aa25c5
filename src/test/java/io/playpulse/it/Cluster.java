package io.playpulse.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;

/**
 * The standalone Flink cluster of scripts/cluster.sh (a JobManager JVM and a TaskManager JVM), driven
 * through that script as an operator would drive it, and read through Flink's REST API.
 */
final class Cluster implements AutoCloseable {
    private static final Pattern SUBMITTED = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int restPort;
    private final File log;

    private Cluster(int restPort, File log) {
        this.restPort = restPort;
        this.log = log;
    }

    /** Starts the cluster with its REST API on {@code restPort}; its script's output goes to {@code log}. */
    static Cluster start(int restPort, Path log) throws Exception {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Cluster cluster = new Cluster(restPort, log.toFile());
        try {
            cluster.script("start");
        } catch (Exception e) {
            try {
                cluster.close(); // whatever the script started before it failed
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return cluster;
    }

    URI rest() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    /** Submits the job jar with {@code args}; from the newest retained checkpoint if {@code resume}. */
    JobID submit(List<String> args, boolean resume) throws Exception {
        List<String> command = new ArrayList<>(List.of("submit"));
        if (resume) {
            command.add("--from-latest-checkpoint");
        }
        command.addAll(args);
        String output = script(command.toArray(String[]::new));
        Matcher m = SUBMITTED.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no job id in cluster.sh's answer: " + output);
        }
        return JobID.fromHexString(m.group(1));
    }

    /** SIGKILL to the TaskManager, then a fresh one, as Kubernetes replaces a killed pod. */
    void killTaskManager() throws Exception {
        script("kill-tm", "1");
    }

    /** SIGKILL to the JobManager, then a fresh one; without HA its jobs are gone and must be resubmitted. */
    void killJobManager() throws Exception {
        script("kill-jm");
    }

    long completedCheckpoints(JobID job) throws IOException, InterruptedException {
        JsonNode counts = get("/jobs/" + job + "/checkpoints").path("counts");
        return counts.path("completed").asLong(0);
    }

    /**
     * How often the job has failed (and been restarted): the entries of its exception history. Unlike
     * the numRestarts metric, which the REST API fetches in the background, it is current at once.
     */
    long restarts(JobID job) throws IOException, InterruptedException {
        return get("/jobs/" + job + "/exceptions?maxExceptions=1000").path("exceptionHistory").path("entries").size();
    }

    void cancel(JobID job) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(rest().resolve("/jobs/" + job + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest().resolve(path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }

    /** Runs scripts/cluster.sh; its output is appended to the log and returned. */
    private String script(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/cluster.sh"));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile("cluster", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("CLUSTER_REST_PORT", Integer.toString(restPort));
            // Its own directory (a developer's cluster under .run/ is left alone) and the jar Maven
            // has just built (no build from within the build).
            builder.environment().put("PLAYPULSE_CLUSTER_DIR", Path.of("target", "cluster").toAbsolutePath().toString());
            builder.environment().put("PLAYPULSE_JOB_JAR", jobJar().toString());
            Process p = builder.start();
            if (!p.waitFor(3, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " did not finish in 3 min");
            }
            String text = Files.readString(output);
            Files.writeString(log.toPath(), text, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("cluster.sh " + String.join(" ", arguments) + " failed: " + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static Path jobJar() throws IOException {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("playpulse-.*-job\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/playpulse-*-job.jar: mvn package builds it"))
                    .toAbsolutePath();
        }
    }

    @Override
    public void close() throws Exception {
        script("stop");
    }
}
