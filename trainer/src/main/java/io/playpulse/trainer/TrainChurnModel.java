package io.playpulse.trainer;

import static io.playpulse.config.PlayPulseOptions.CLICKHOUSE_DATABASE;

import io.playpulse.churn.LabelledObservation;
import io.playpulse.churn.TrainingSet;
import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.tools.ChurnHistory;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.ParameterTool;

/**
 * The churn trainer (scripts/train.sh): reads the training set from ClickHouse
 * (sql/queries/churn_training_set.sql), trains and validates, prints the report and writes the
 * model file. With {@code --simulate-days N} it first makes N days of history with
 * {@link ChurnHistory} and trains on that. Exits non-zero when the held-out AUC is below {@code --min-auc}, so a worse model is
 * never written over a good one by accident.
 *
 * <p>Usage: {@code TrainChurnModel --out models/churn-v2.json [--version churn-v2] [--min-auc 0.85]
 * [--clickhouse.url ...] [--clickhouse.database ...] [--sql-dir sql] [--seed 42] [--epochs 10]
 * [--folds 5] [--hold-out 0.2] [--simulate-days 28 --players 400]}
 */
public final class TrainChurnModel {
    private TrainChurnModel() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        PlayPulseConfig config = PlayPulseConfig.from(args, new Configuration());
        ClickHouseHttp clickHouse = p.has("simulate-days") ? ChurnHistory.simulate(p) : new ClickHouseHttp(
                config.clickHouseUrl(), config.get(CLICKHOUSE_DATABASE), config.clickHouseUser(), config.clickHousePassword());
        Path out = Path.of(p.getRequired("out"));
        String version = p.get("version", out.getFileName().toString().replaceFirst("\\.json$", ""));
        ChurnTrainer.Settings defaults = ChurnTrainer.Settings.defaults();
        ChurnTrainer.Settings settings = new ChurnTrainer.Settings(p.getDouble("hold-out", defaults.holdOutShare()),
                p.getInt("folds", defaults.folds()), p.getInt("epochs", defaults.epochs()),
                p.getDouble("learning-rate", defaults.learningRate()), p.getLong("seed", defaults.seed()));
        double minAuc = p.getDouble("min-auc", 0.85);

        List<LabelledObservation> data = TrainingSet.load(clickHouse, Path.of(p.get("sql-dir", "sql")));
        System.out.printf("train: %,d observations from %s.churn_predictions%n", data.size(), clickHouse.database());
        ChurnTrainer.Result result = new ChurnTrainer(settings).train(data, version);
        result.summary().forEach(line -> System.out.println("train: " + line));
        double auc = result.holdOut().auc();
        if (!(auc >= minAuc)) {
            System.err.printf("train: held-out AUC %.3f is below %.2f; no model written%n", auc, minAuc);
            System.exit(2);
        }
        result.model().write(out);
        System.out.printf("train: wrote %s (version %s); set playpulse.churn.model to it and restart the job "
                + "from a savepoint%n", out, version);
    }
}
