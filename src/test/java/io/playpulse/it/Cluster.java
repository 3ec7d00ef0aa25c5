package io.playpulse.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;

/**
 * The standalone Flink cluster of scripts/cluster.sh (a JobManager JVM and a TaskManager JVM), driven
 * through that script as an operator would drive it, and read through Flink's REST API.
 */
final class Cluster implements AutoCloseable {
    private static final Pattern SUBMITTED = Pattern.compile("JobID ([0-9a-f]{32})");

    private final int restPort;
    private final Path log;

    private Cluster(int restPort, Path log) {
        this.restPort = restPort;
        this.log = log;
    }

    /** Starts the cluster with its REST API on {@code restPort}; its script's output goes to {@code log}. */
    static Cluster start(int restPort, Path log) throws Exception {
        Cluster cluster = new Cluster(restPort, log);
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

    /** The size of the job's newest completed checkpoint, all of its state (0 before the first). */
    long latestCheckpointBytes(JobID job) throws IOException, InterruptedException {
        return get("/jobs/" + job + "/checkpoints").path("latest").path("completed").path("state_size").asLong(0);
    }

    long restarts(JobID job) throws IOException, InterruptedException {
        return FlinkRest.restarts(rest(), job);
    }

    void cancel(JobID job) throws IOException, InterruptedException {
        FlinkRest.cancel(rest(), job);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return FlinkRest.get(rest(), path);
    }

    /** Runs scripts/cluster.sh; its output is appended to the log and returned. */
    private String script(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/cluster.sh"));
        command.addAll(List.of(arguments));
        // Its own directory (a developer's cluster under .run/ is left alone) and the jar Maven has
        // just built (no build from within the build).
        Map<String, String> environment = Map.of("CLUSTER_REST_PORT", Integer.toString(restPort),
                "PLAYPULSE_CLUSTER_DIR", Path.of("target", "cluster").toAbsolutePath().toString(),
                "PLAYPULSE_JOB_JAR", jobJar().toString());
        return Scripts.run(Duration.ofMinutes(3), log, environment, command);
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
