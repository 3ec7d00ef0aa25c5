package io.playpulse;

import static io.playpulse.config.PlayPulseOptions.MAX_CLOCK_SKEW;
import static io.playpulse.config.PlayPulseOptions.MAX_EVENT_AGE;
import static io.playpulse.config.PlayPulseOptions.MAX_PAYLOAD_BYTES;

import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.EventParser;
import io.playpulse.events.GameEventDeserializer;
import io.playpulse.events.IngestedRecord;
import io.playpulse.it.GeneratedInput;
import io.playpulse.tools.GeneratedRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Writes a savepoint of the whole job, as this build runs it, mid-stream: simulated play for 10
 * minutes each side of a midnight, then records that are rejected (so no state moves), then a
 * stop with a savepoint. Run by hand, with the build before a change that needs a savepoint migration,
 * to write the fixture that migration is tested against (migration/src/test/resources).
 */
public final class SavepointFixture {
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]).toAbsolutePath();
        PlayPulseConfig config = PlayPulseConfig.of(Map.of("churn.model", "models/churn-v1.json"));
        long hour = Duration.ofHours(1).toMillis();
        long midnight = Math.floorDiv(System.currentTimeMillis() - 3 * hour, 24 * hour) * 24 * hour;
        List<GeneratedRecord> records = GeneratedInput.aroundMidnight(11L, midnight, Duration.ofMinutes(10),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
        byte[][] keys = records.stream().map(r -> r.key().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        byte[][] values = records.stream().map(GeneratedRecord::value).toArray(byte[][]::new);
        EventParser parser = new EventParser(config.get(MAX_PAYLOAD_BYTES), config.get(MAX_EVENT_AGE), config.get(MAX_CLOCK_SKEW));
        var source = new DataGeneratorSource<>(new Deserialize(keys, values, new GameEventDeserializer(parser)),
                Long.MAX_VALUE, RateLimiterStrategy.perSecond(4000), TypeInformation.of(IngestedRecord.class));

        Configuration flink = new Configuration();
        flink.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, flink);
        PlayPulseWorkflow.define(env, config, source, new CollectingOutputs());
        JobClient job = env.executeAsync("savepoint fixture");
        Thread.sleep(records.size() / 4 + 15_000L);
        String savepoint = job.stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL).get();
        System.out.println("records " + records.size() + ", savepoint " + savepoint);
    }

    private record Deserialize(byte[][] keys, byte[][] values, GameEventDeserializer deserializer)
            implements GeneratorFunction<Long, IngestedRecord> {
        @Override
        public IngestedRecord map(Long offset) {
            // The two source subtasks read the two halves of the offsets: the even records from the
            // first, the odd from the second, so that both move their watermark on.
            long half = Long.MAX_VALUE / 2;
            long record = offset < half ? 2 * offset : 2 * (offset - half) + 1;
            boolean play = record >= 0 && record < keys.length;
            int i = play ? (int) record : 0;
            byte[] value = play ? values[i] : "{}".getBytes(StandardCharsets.UTF_8);
            List<IngestedRecord> out = new ArrayList<>(1);
            deserializer.deserialize(new ConsumerRecord<>("game-events", 0, offset, keys[i], value), new ListCollector<>(out));
            return out.get(0);
        }
    }
}
