package io.playpulse.tools;

import io.playpulse.PlayPulseJob;
import io.playpulse.PlayPulseWorkflow;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.KafkaIngest;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.sink.ProductionOutputs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The production job on this machine for the local tools (the benchmark, the churn history): its
 * own topics and ClickHouse databases, a fast producer, and the job on an embedded Flink. Topics
 * and databases it was asked to make temporary are removed on close.
 */
final class LocalPipeline implements AutoCloseable {
    static final String ADMIN_PASSWORD_ENV = "CLICKHOUSE_ADMIN_PASSWORD";
    /** The Flink configuration deployments start from, relative to the project root the tools run in. */
    private static final String SHIPPED_FLINK_CONF = "flink-conf";
    /**
     * The shipped options that decide what checkpoints cost, taken from {@link #SHIPPED_FLINK_CONF} so
     * that the tools checkpoint as a deployment does. The pause matters to the heap backend: while a
     * snapshot runs it copies every value it changes, and without the pause snapshots ran back to back.
     */
    static final List<ConfigOption<?>> SHIPPED_CHECKPOINTING = List.of(
            ExecutionOptions.SNAPSHOT_COMPRESSION,
            CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS,
            CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS);
    final String kafka;
    final String clickHouseUrl;
    final int parallelism;
    final String stateBackend;
    final String checkpointInterval;
    /** Managed memory of the embedded TaskManager, for RocksDB (--state-backend rocksdb): what a 0.4 fraction gives a 4 GB TaskManager. */
    final String managedMemory;
    /** Where RocksDB keeps timers (with --state-backend rocksdb): ROCKSDB or HEAP. */
    final String timerService;
    /** More Flink options, "key=value,key=value" (--flink-conf): to measure a setting before shipping it. */
    final String flinkConf;
    /** More PlayPulse options, "key=value,key=value" without the "playpulse." prefix (--job): to measure one before shipping it. */
    private final String jobConf;
    private final Path checkpointDir;
    /**
     * The server as its administrator ({@code default}, password in CLICKHOUSE_ADMIN_PASSWORD), who makes
     * and drops the run's databases; the job itself writes as CLICKHOUSE_USER, who may not.
     */
    private final ClickHouseHttp server;
    private final List<String> temporaryTopics = new ArrayList<>();
    private final List<ClickHouseHttp> temporaryDatabases = new ArrayList<>();

    LocalPipeline(ParameterTool p, String defaultStateBackend, String defaultCheckpointInterval, Path checkpointDir) {
        kafka = p.get("kafka.bootstrap-servers", "127.0.0.1:9092");
        clickHouseUrl = p.get("clickhouse.url", "http://127.0.0.1:8123");
        parallelism = p.getInt("parallelism", 2);
        stateBackend = p.get("state-backend", defaultStateBackend);
        checkpointInterval = p.get("checkpoint-interval", defaultCheckpointInterval);
        managedMemory = p.get("managed-memory", "1400m");
        timerService = p.get("timer-service", "ROCKSDB").toUpperCase(java.util.Locale.ROOT);
        flinkConf = p.get("flink-conf", "");
        jobConf = p.get("job", "");
        this.checkpointDir = Path.of(p.get("checkpoint-dir", checkpointDir.toString())).toAbsolutePath();
        server = new ClickHouseHttp(clickHouseUrl, "default", "default",
                System.getenv().getOrDefault(ADMIN_PASSWORD_ENV, ""));
    }

    /** A topic only this run uses, deleted on close. */
    String temporaryTopic(String name, int partitions) throws Exception {
        String topic = "local-" + Long.toHexString(System.nanoTime()) + "-" + name;
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        temporaryTopics.add(topic);
        return topic;
    }

    /** A database with sql/schema applied, dropped on close. */
    ClickHouseHttp temporaryDatabase(String prefix) throws Exception {
        ClickHouseHttp ch = database(prefix + "_" + Long.toHexString(System.nanoTime()));
        temporaryDatabases.add(ch);
        return ch;
    }

    /** The named database, with sql/schema applied; kept. */
    ClickHouseHttp database(String name) throws Exception {
        ClickHouseHttp ch = server.forDatabase(name);
        SchemaTool.apply(ch, Path.of("sql"));
        return ch;
    }

    /** The named database, dropped first, with sql/schema applied; kept. */
    ClickHouseHttp freshDatabase(String name) throws Exception {
        server.executeWithoutDatabase("DROP DATABASE IF EXISTS " + ClickHouseHttp.requirePlainName(name));
        return database(name);
    }

    /**
     * The job's settings for reading {@code topic} from its start and writing to {@code ch}, its side
     * topics temporary. Each call gets its own consumer group, so every job reads the whole topic.
     */
    Map<String, String> jobSettings(String topic, ClickHouseHttp ch) throws Exception {
        Map<String, String> s = new HashMap<>();
        String run = topic + "-" + Long.toHexString(System.nanoTime());
        s.put("kafka.bootstrap-servers", kafka);
        s.put("kafka.events-topic", topic);
        s.put("kafka.dead-letter-topic", temporaryTopic("dlq", 2));
        s.put("kafka.alerts-topic", temporaryTopic("alerts", 2));
        s.put("kafka.consumer-group", run);
        s.put("kafka.transactional-id-prefix", run);
        s.put("clickhouse.url", clickHouseUrl);
        s.put("clickhouse.database", ch.database());
        s.put("parallelism", Integer.toString(parallelism));
        s.put("checkpoint-interval", checkpointInterval);
        s.putAll(keyValues(jobConf));
        return s;
    }

    JobClient startJob(PlayPulseConfig config, String name) throws Exception {
        return startJob(config, name, PlayPulseWorkflow.Stage.CHURN);
    }

    /** The production job up to {@code upTo}. */
    JobClient startJob(PlayPulseConfig config, String name, PlayPulseWorkflow.Stage upTo) throws Exception {
        StreamExecutionEnvironment env = environment();
        PlayPulseJob.configure(env, config);
        PlayPulseWorkflow.define(env, config, KafkaIngest.source(config), new ProductionOutputs(config), upTo);
        return env.executeAsync(name);
    }

    StreamExecutionEnvironment environment() {
        Configuration conf = Configuration.fromMap(Map.of("state.backend.rocksdb.timer-service.factory", timerService));
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir.toUri().toString());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse(managedMemory));
        Configuration shipped = GlobalConfiguration.loadConfiguration(SHIPPED_FLINK_CONF);
        SHIPPED_CHECKPOINTING.forEach(option -> copy(option, shipped, conf));
        keyValues(flinkConf).forEach(conf::setString);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    private static <T> void copy(ConfigOption<T> option, Configuration from, Configuration to) {
        from.getOptional(option).ifPresent(value -> to.set(option, value));
    }

    /** "key=value,key=value" as a map, for --flink-conf and --job. */
    private static Map<String, String> keyValues(String list) {
        Map<String, String> options = new HashMap<>();
        for (String option : list.split(",")) {
            if (option.isBlank()) {
                continue;
            }
            int eq = option.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("wanted key=value[,key=value...], not: " + option);
            }
            options.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
        }
        return options;
    }

    KafkaProducer<String, byte[]> producer() {
        return producer(kafka);
    }

    /** A producer as the game servers' would be: batched, compressed, acknowledged by every replica. */
    static KafkaProducer<String, byte[]> producer(String kafka) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "131072");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() {
        try (Admin admin = admin()) {
            admin.deleteTopics(temporaryTopics).all().get();
        } catch (Exception e) {
            System.err.println("could not delete topics " + temporaryTopics + ": " + e);
        }
        for (ClickHouseHttp ch : temporaryDatabases) {
            try {
                ch.executeWithoutDatabase("DROP DATABASE IF EXISTS " + ch.database());
            } catch (Exception e) {
                System.err.println("could not drop " + ch.database() + ": " + e);
            }
        }
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        return Admin.create(p);
    }
}
