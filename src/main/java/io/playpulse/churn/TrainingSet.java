package io.playpulse.churn;

import io.playpulse.clickhouse.ClickHouseHttp;
import io.playpulse.player.ChurnFeatures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the churn training set from ClickHouse with sql/queries/churn_training_set.sql: the
 * features the job wrote at each midnight, and the label (no activity in the next 7 days) from
 * game_events. The query is the definition; this class only checks its columns and parses rows.
 */
public final class TrainingSet {
    static final String QUERY_FILE = "queries/churn_training_set.sql";

    private TrainingSet() {}

    public static List<LabelledObservation> load(ClickHouseHttp clickHouse, Path sqlDir) throws IOException {
        String sql = Files.readString(sqlDir.resolve(QUERY_FILE), StandardCharsets.UTF_8)
                .replaceAll("(?m)--.*$", "").trim().replaceAll(";$", "");
        List<Map<String, String>> rows = clickHouse.query(sql);
        List<LabelledObservation> out = new ArrayList<>(rows.size());
        for (Map<String, String> row : rows) {
            out.add(new LabelledObservation(Long.parseLong(row.get("user_id")), Long.parseLong(row.get("predicted_at_ms")),
                    features(row), "1".equals(row.get("churned"))));
        }
        return out;
    }

    /** The features of a churn_predictions row (or a training-set row), in {@link ChurnFeatures#NAMES} order. */
    public static double[] features(Map<String, String> row) {
        double[] features = new double[ChurnFeatures.NAMES.size()];
        for (int i = 0; i < features.length; i++) {
            String value = row.get(ChurnFeatures.NAMES.get(i));
            if (value == null) {
                throw new IllegalArgumentException("the row has no feature " + ChurnFeatures.NAMES.get(i));
            }
            features[i] = Double.parseDouble(value);
        }
        return features;
    }
}
