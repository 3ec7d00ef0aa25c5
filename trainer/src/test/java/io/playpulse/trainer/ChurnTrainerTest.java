package io.playpulse.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.playpulse.churn.ChurnModel;
import io.playpulse.churn.LabelledObservation;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.events.GameEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer on a small generated history, observed by the job's own player function. */
class ChurnTrainerTest {
    private static final PlayPulseConfig CONFIG = PlayPulseConfig.of(Map.of("session.idle-timeout", "30 min"));
    private static final int DAYS = 21;

    @TempDir
    Path dir;

    @Test
    void learnsWhoLeavesWellEnoughOnPlayersItNeverSaw() throws Exception {
        List<GameEvent> events = GeneratedHistory.events(GeneratedHistory.settings(3L, 200, DAYS), DAYS);
        List<LabelledObservation> data = GeneratedHistory.labelled(events, CONFIG);
        long churned = data.stream().filter(LabelledObservation::churned).count();
        assertThat(churned).as("players who left").isGreaterThan(100);
        assertThat(data.size() - churned).as("players who stayed").isGreaterThan(1000);

        ChurnTrainer.Result result = new ChurnTrainer(ChurnTrainer.Settings.defaults()).train(data, "churn-test");
        result.summary().forEach(line -> System.out.println("ChurnTrainerTest: " + line));

        assertThat(result.holdOut().auc()).as("held-out AUC").isGreaterThanOrEqualTo(0.85);
        assertThat(result.folds()).hasSize(5).allSatisfy(f -> assertThat(f.auc()).isGreaterThan(0.8));
        assertThat(result.holdOut().precision()).isGreaterThan(0.5);
        assertThat(result.holdOut().recall()).isGreaterThan(0.5);
        assertThat(result.model().report()).containsKeys("held_out_auc", "held_out_accuracy", "held_out_precision",
                "held_out_recall", "cv_auc_mean");
        assertThat(result.largestScoreDifference()).isLessThan(1e-12);
    }

    @Test
    void theModelFileScoresExactlyAsTrained() throws Exception {
        List<GameEvent> events = GeneratedHistory.events(GeneratedHistory.settings(5L, 120, DAYS), DAYS);
        List<LabelledObservation> data = GeneratedHistory.labelled(events, CONFIG);
        ChurnModel trained = new ChurnTrainer(ChurnTrainer.Settings.defaults()).train(data, "churn-v9").model();

        Path file = dir.resolve("churn-v9.json");
        trained.write(file);
        ChurnModel read = ChurnModel.read(file);

        assertThat(read.version()).isEqualTo("churn-v9");
        for (LabelledObservation o : data) {
            assertThat(read.probability(o.features())).isEqualTo(trained.probability(o.features()));
        }
        double meanChurned = data.stream().filter(LabelledObservation::churned)
                .mapToDouble(o -> read.probability(o.features())).average().orElseThrow();
        double meanStayed = data.stream().filter(o -> !o.churned())
                .mapToDouble(o -> read.probability(o.features())).average().orElseThrow();
        assertThat(meanChurned).isGreaterThan(meanStayed + 0.3);
    }
}
