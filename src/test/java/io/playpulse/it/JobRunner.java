package io.playpulse.it;

import io.playpulse.PlayPulseJob;
import io.playpulse.PlayPulseWorkflow;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.KafkaIngest;
import io.playpulse.sink.ProductionOutputs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * Runs the production job graph (Kafka source, ClickHouse and Kafka sinks) on an embedded Flink
 * cluster with one TaskManager that a test can kill, as a machine failure would, and replace.
 */
public final class JobRunner implements AutoCloseable {
    private final MiniCluster cluster;
    private final int parallelism;
    private JobClient job;

    public JobRunner(int parallelism, String stateBackend, Path checkpointDir) throws Exception {
        this(parallelism, stateBackend, checkpointDir, new Configuration());
    }

    /** With {@code extra} settings for the cluster, e.g. a metrics reporter. */
    public JobRunner(int parallelism, String stateBackend, Path checkpointDir, Configuration extra) throws Exception {
        this.parallelism = parallelism;
        Configuration conf = new Configuration(extra);
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        // As flink-conf ships it (unlimited attempts), with a shorter ceiling for the tests' outages.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, Duration.ofSeconds(1));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, Duration.ofSeconds(5));
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, org.apache.flink.configuration.MemorySize.ofMebiBytes(256));
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(parallelism)
                .build());
        cluster.start();
    }

    /** Submits the production workflow, wired to Kafka and ClickHouse by {@code config}. */
    public JobID start(PlayPulseConfig config) throws Exception {
        TestStreamEnvironment env = new TestStreamEnvironment(cluster, parallelism);
        env.getConfig().setUseSnapshotCompression(true); // as flink-conf ships it
        PlayPulseJob.configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config));
        job = env.executeAsync("PlayPulse");
        return job.getJobID();
    }

    public long completedCheckpoints() throws Exception {
        return cluster.getExecutionGraph(job.getJobID()).get()
                .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    public long restoredCheckpoints() throws Exception {
        return cluster.getExecutionGraph(job.getJobID()).get()
                .getCheckpointStatsSnapshot().getCounts().getNumberOfRestoredCheckpoints();
    }

    /** How often the job has failed (and been restarted) so far, from Flink's REST API. */
    public long restarts() throws Exception {
        return FlinkRest.restarts(cluster.getRestAddress().get(), job.getJobID());
    }

    /** The TaskManagers registered now, by id: one that died and was replaced has a new id. */
    public Set<String> taskManagers() throws Exception {
        Set<String> ids = new HashSet<>();
        for (var taskManager : FlinkRest.get(cluster.getRestAddress().get(), "/taskmanagers").path("taskmanagers")) {
            ids.add(taskManager.path("id").asText());
        }
        return ids;
    }

    /** Flink's REST API (and web UI) of this cluster. */
    public URI restAddress() throws Exception {
        return cluster.getRestAddress().get();
    }

    public JobStatus status() throws Exception {
        return cluster.getJobStatus(job.getJobID()).get();
    }

    /** Kills the only TaskManager (all running tasks die with it) and starts a fresh one. */
    public void crashTaskManager() throws Exception {
        cluster.terminateTaskManager(0).get();
        cluster.startTaskManager();
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        if (!within(timeout, condition)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what);
        }
    }

    /** Polls {@code condition} until it holds (true) or the time is up (false). */
    public static boolean within(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    /** A condition for {@link #await} or {@link #within} that reads a service, so may throw. */
    public interface Check<T> {
        T get() throws Exception;
    }

    /** {@code check}'s value, its exception rethrown unchecked (I/O as UncheckedIOException). */
    public static <T> T unchecked(Check<T> check) {
        try {
            return check.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (job != null && !status().isGloballyTerminalState()) {
                job.cancel().get();
            }
        } finally {
            cluster.close();
        }
    }
}
