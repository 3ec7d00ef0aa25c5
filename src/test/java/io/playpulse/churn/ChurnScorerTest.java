package io.playpulse.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.alert.Alert;
import io.playpulse.player.ChurnFeatures;
import io.playpulse.player.ChurnObservation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChurnScorerTest {
    private static final long DAY = 24 * 3_600_000L;
    private static final long T0 = 20_000 * DAY;
    private static final int SINCE_LAST = ChurnFeatures.NAMES.indexOf("days_since_last_activity");

    @TempDir
    Path dir;

    /** A model whose only signal is days since last activity: p = sigmoid(weight * (days - 2)). */
    private Path model(String version, double weight) throws Exception {
        int n = ChurnFeatures.NAMES.size();
        double[] means = new double[n];
        double[] scales = new double[n];
        double[] weights = new double[n];
        java.util.Arrays.fill(scales, 1.0);
        means[SINCE_LAST] = 2.0;
        weights[SINCE_LAST] = weight;
        Path file = dir.resolve(version + ".json");
        new ChurnModel(version, ChurnFeatures.NAMES, means, scales, weights, 0.0, Map.of()).write(file);
        return file;
    }

    private static ChurnObservation observation(long user, long at, double daysSinceLast) {
        ChurnObservation o = new ChurnObservation();
        o.userId = user;
        o.observedAtMs = at;
        o.trigger = ChurnObservation.DAILY;
        o.serverId = "kr-1";
        o.platform = "iOS";
        o.features = new double[ChurnFeatures.NAMES.size()];
        o.features[SINCE_LAST] = daysSinceLast;
        return o;
    }

    private static KeyedOneInputStreamOperatorTestHarness<Long, ChurnObservation, ChurnPrediction> harness(String path)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ChurnScorer(path)),
                o -> o.userId, Types.LONG);
    }

    private static List<Alert> alerts(KeyedOneInputStreamOperatorTestHarness<Long, ChurnObservation, ChurnPrediction> h) {
        var side = h.getSideOutput(ChurnScorer.ALERTS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void scoresWithTheModelAndSaysTheRisk() throws Exception {
        try (var h = harness(model("churn-v1", 1.0).toString())) {
            h.open();
            h.processElement(observation(1, T0, 2.0), T0);      // z = 0: p = 0.5, medium
            h.processElement(observation(2, T0, 0.0), T0);      // z = -2: p = 0.12, low
            h.processElement(observation(3, T0, 5.0), T0);      // z = 3: p = 0.95, high

            List<ChurnPrediction> out = h.extractOutputValues();
            assertThat(out).extracting(p -> p.riskLevel).containsExactly("medium", "low", "high");
            assertThat(out.get(0).churnProbability).isEqualTo(0.5);
            assertThat(out.get(2).churnProbability).isEqualTo(1 / (1 + Math.exp(-3)));
            assertThat(out).allSatisfy(p -> assertThat(p.modelVersion).isEqualTo("churn-v1"));
            assertThat(out.get(2).features).isEqualTo(observation(3, T0, 5.0).features);
            assertThat(alerts(h)).singleElement().satisfies(a -> {
                assertThat(a.rule).isEqualTo("churn_risk");
                assertThat(a.severity).isEqualTo(io.playpulse.alert.Severity.INFO);
                assertThat(a.userId).isEqualTo(3L);
                assertThat(a.detailsJson).contains("\"model_version\":\"churn-v1\"");
            });
        }
    }

    @Test
    void aHighRiskPlayerIsAlertedOncePerDay() throws Exception {
        try (var h = harness(model("churn-v1", 1.0).toString())) {
            h.open();
            h.processElement(observation(3, T0 + 1000, 5.0), T0);
            h.processElement(observation(3, T0 + 2000, 6.0), T0);
            h.processElement(observation(3, T0 + DAY, 6.0), T0 + DAY);

            assertThat(h.extractOutputValues()).hasSize(3);
            assertThat(alerts(h)).extracting(a -> a.windowStartMs).containsExactly(T0, T0 + DAY);
        }
    }

    @Test
    void withoutAModelTheFeaturesAreStillWrittenForTheTrainer() throws Exception {
        try (var h = harness("")) {
            h.open();
            h.processElement(observation(3, T0, 5.0), T0);

            ChurnPrediction p = h.extractOutputValues().get(0);
            assertThat(p.churnProbability).isNull();
            assertThat(p.riskLevel).isNull();
            assertThat(p.modelVersion).isEmpty();
            assertThat(p.features[SINCE_LAST]).isEqualTo(5.0);
            assertThat(alerts(h)).isEmpty();
        }
    }

    @Test
    void anotherModelAfterARestoreScoresWithTheNewModelAndKeepsTheState() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness(model("churn-v1", 1.0).toString())) {
            h.open();
            h.processElement(observation(3, T0, 5.0), T0);
            assertThat(alerts(h)).hasSize(1);
            snapshot = h.snapshot(1L, T0);
        }
        try (var h = harness(model("churn-v2", 2.0).toString())) {
            h.setup();
            h.initializeState(snapshot);
            h.open();
            h.processElement(observation(3, T0 + 5000, 5.0), T0);

            ChurnPrediction p = h.extractOutputValues().get(0);
            assertThat(p.modelVersion).isEqualTo("churn-v2");
            assertThat(p.churnProbability).isEqualTo(1 / (1 + Math.exp(-6)));
            assertThat(alerts(h)).as("already alerted today, under the old model").isEmpty();
        }
    }

    @Test
    void aModelTrainedOnOtherFeaturesIsRefusedAtStart() throws Exception {
        Path file = dir.resolve("old.json");
        java.nio.file.Files.writeString(file, """
                {"version":"old","features":["events_per_day"],"means":[0],"scales":[1],"weights":[1],"bias":0}
                """);
        try (var h = harness(file.toString())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(h::open).hasMessageContaining("was trained on features");
        }
    }
}
