package io.playpulse.trainer;

import io.playpulse.churn.ChurnModel;
import io.playpulse.churn.LabelledObservation;
import io.playpulse.player.ChurnFeatures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Trains the churn model with Tribuo's logistic regression (Apache-2.0, pure Java, maintained by
 * Oracle Labs): standardise the features on the training players, train, check on players held out
 * (AUC, accuracy, precision, recall) and by k-fold cross-validation over the training players, then
 * export the weights as a {@link ChurnModel} the job can run without Tribuo. Splits are by player,
 * never by row: one player's days are alike, and a player seen in training would flatter the test.
 */
public final class ChurnTrainer {
    static final Label CHURNED = new Label("churned");
    static final Label STAYED = new Label("stayed");
    private static final LabelFactory LABELS = new LabelFactory();
    /** Tribuo logs every training run at INFO through java.util.logging; held here so the level sticks. */
    private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(Level.WARNING);
    }

    /**
     * @param holdOutShare share of the players kept out of training, for the final test
     * @param folds cross-validation folds over the training players
     * @param epochs passes of stochastic gradient descent
     * @param learningRate AdaGrad's initial learning rate
     * @param seed for the splits and the training order
     */
    public record Settings(double holdOutShare, int folds, int epochs, double learningRate, long seed) {
        public static Settings defaults() {
            return new Settings(0.2, 5, 10, 0.1, 42L);
        }
    }

    /** Hold-out and cross-validation figures; the positive class is "churned". */
    public record Metrics(double auc, double accuracy, double precision, double recall) {
        @Override
        public String toString() {
            return String.format("AUC %.3f  accuracy %.3f  precision %.3f  recall %.3f", auc, accuracy, precision,
                    recall);
        }
    }

    /**
     * The model to ship; what it scored on the held-out players, overall and on those who played in
     * the day before the observation (the harder, earlier warnings); the cross-validation folds.
     */
    public record Result(ChurnModel model, Metrics holdOut, Metrics holdOutRecentlyActive, List<Metrics> folds,
            int examples, int players, int churnedExamples, double largestScoreDifference) {

        /** The report, a line each. */
        public List<String> summary() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%,d examples from %,d players, %,d churned (%.1f%%)", examples, players,
                    churnedExamples, 100.0 * churnedExamples / examples));
            for (int i = 0; i < folds.size(); i++) {
                lines.add(String.format("cross-validation fold %d:   %s", i + 1, folds.get(i)));
            }
            lines.add(String.format("held-out players:          %s", holdOut));
            if (holdOutRecentlyActive != null) {
                lines.add(String.format("  of them active last day: %s", holdOutRecentlyActive));
            }
            lines.add(String.format("largest difference between Tribuo's and the exported model's score: %.1e",
                    largestScoreDifference));
            return lines;
        }
    }

    private final Settings settings;

    public ChurnTrainer(Settings settings) {
        this.settings = settings;
    }

    public Result train(List<LabelledObservation> data, String version) {
        Set<Long> players = new HashSet<>();
        data.forEach(o -> players.add(o.userId()));
        Set<Long> heldOut = pick(players, settings.holdOutShare(), settings.seed());
        List<LabelledObservation> training = new ArrayList<>();
        List<LabelledObservation> test = new ArrayList<>();
        for (LabelledObservation o : data) {
            (heldOut.contains(o.userId()) ? test : training).add(o);
        }
        requireBothClasses(training, "training");
        requireBothClasses(test, "held-out");

        List<Metrics> folds = crossValidate(training);
        Fitted fitted = fit(training);
        Metrics holdOut = evaluate(fitted, test);
        int sinceLast = ChurnFeatures.NAMES.indexOf("days_since_last_activity");
        List<LabelledObservation> recentlyActive =
                test.stream().filter(o -> o.features()[sinceLast] < 1).toList();
        Metrics holdOutRecentlyActive = hasBothClasses(recentlyActive) ? evaluate(fitted, recentlyActive) : null;

        int churned = (int) data.stream().filter(LabelledObservation::churned).count();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("trained_at", Instant.now().toString());
        report.put("library", "Tribuo 4.3 LinearSGDTrainer(LogMulticlass, AdaGrad(" + settings.learningRate() + "), "
                + settings.epochs() + " epochs)");
        report.put("label", "no activity in the 7 days after the observation midnight");
        report.put("examples", data.size());
        report.put("players", players.size());
        report.put("churned_examples", churned);
        report.put("held_out_players", heldOut.size());
        report.put("held_out_examples", test.size());
        report.put("held_out_auc", holdOut.auc());
        report.put("held_out_accuracy", holdOut.accuracy());
        report.put("held_out_precision", holdOut.precision());
        report.put("held_out_recall", holdOut.recall());
        if (holdOutRecentlyActive != null) {
            report.put("held_out_auc_active_last_day", holdOutRecentlyActive.auc());
            report.put("held_out_precision_active_last_day", holdOutRecentlyActive.precision());
            report.put("held_out_recall_active_last_day", holdOutRecentlyActive.recall());
        }
        report.put("cv_folds", folds.size());
        report.put("cv_auc_mean", folds.stream().mapToDouble(Metrics::auc).average().orElse(Double.NaN));
        report.put("cv_auc_min", folds.stream().mapToDouble(Metrics::auc).min().orElse(Double.NaN));
        ChurnModel model = fitted.export(version, report);
        double difference = largestDifference(fitted, model, test);
        if (difference > 1e-9) {
            throw new IllegalStateException("the exported model scores differ from Tribuo's by " + difference);
        }
        return new Result(model, holdOut, holdOutRecentlyActive, folds, data.size(), players.size(), churned, difference);
    }

    /** k folds over the training players; each fold is trained on the others and tested on itself. */
    private List<Metrics> crossValidate(List<LabelledObservation> training) {
        List<Long> players = training.stream().map(LabelledObservation::userId).distinct().sorted().toList();
        List<Long> shuffled = new ArrayList<>(players);
        shuffle(shuffled, new SplittableRandom(settings.seed() + 1));
        List<Metrics> out = new ArrayList<>();
        for (int fold = 0; fold < settings.folds(); fold++) {
            Set<Long> testPlayers = new HashSet<>();
            for (int i = fold; i < shuffled.size(); i += settings.folds()) {
                testPlayers.add(shuffled.get(i));
            }
            List<LabelledObservation> fitRows = new ArrayList<>();
            List<LabelledObservation> testRows = new ArrayList<>();
            training.forEach(o -> (testPlayers.contains(o.userId()) ? testRows : fitRows).add(o));
            if (hasBothClasses(fitRows) && hasBothClasses(testRows)) {
                out.add(evaluate(fit(fitRows), testRows));
            }
        }
        return out;
    }

    private Fitted fit(List<LabelledObservation> rows) {
        int n = ChurnFeatures.NAMES.size();
        double[] means = new double[n];
        double[] scales = new double[n];
        for (LabelledObservation o : rows) {
            for (int i = 0; i < n; i++) {
                means[i] += o.features()[i] / rows.size();
            }
        }
        for (LabelledObservation o : rows) {
            for (int i = 0; i < n; i++) {
                double d = o.features()[i] - means[i];
                scales[i] += d * d / rows.size();
            }
        }
        for (int i = 0; i < n; i++) {
            // A constant feature carries nothing; a scale of 1 keeps it harmless.
            scales[i] = scales[i] > 1e-12 ? Math.sqrt(scales[i]) : 1.0;
        }
        Standardiser standardiser = new Standardiser(means, scales);
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(),
                new AdaGrad(settings.learningRate(), 0.1), settings.epochs(), Integer.MAX_VALUE, 1, settings.seed());
        LinearSGDModel model = trainer.train(dataset(rows, standardiser));
        return new Fitted(model, standardiser);
    }

    private Metrics evaluate(Fitted fitted, List<LabelledObservation> rows) {
        LabelEvaluation e = new LabelEvaluator().evaluate(fitted.model, dataset(rows, fitted.standardiser));
        return new Metrics(e.AUCROC(CHURNED), e.accuracy(), e.precision(CHURNED), e.recall(CHURNED));
    }

    private double largestDifference(Fitted fitted, ChurnModel model, List<LabelledObservation> rows) {
        double largest = 0;
        for (LabelledObservation o : rows) {
            Prediction<Label> p = fitted.model.predict(fitted.standardiser.example(o));
            double tribuo = p.getOutputScores().get(CHURNED.getLabel()).getScore();
            largest = Math.max(largest, Math.abs(tribuo - model.probability(o.features())));
        }
        return largest;
    }

    private static MutableDataset<Label> dataset(List<LabelledObservation> rows, Standardiser standardiser) {
        List<Example<Label>> examples = new ArrayList<>(rows.size());
        rows.forEach(o -> examples.add(standardiser.example(o)));
        return new MutableDataset<>(new ListDataSource<>(examples, LABELS,
                new SimpleDataSourceProvenance("churn_training_set", LABELS)));
    }

    /** Tribuo's model with the standardisation it was trained behind. */
    private record Fitted(LinearSGDModel model, Standardiser standardiser) {
        /**
         * Softmax over two classes is the logistic function of the difference of their scores:
         * w = w_churned - w_stayed, and the same for the bias (the last column of Tribuo's weights).
         */
        ChurnModel export(String version, Map<String, Object> report) {
            DenseMatrix w = model.getWeightsCopy();
            int churned = model.getOutputIDInfo().getID(CHURNED);
            int stayed = model.getOutputIDInfo().getID(STAYED);
            int n = ChurnFeatures.NAMES.size();
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                int id = model.getFeatureIDMap().getID(ChurnFeatures.NAMES.get(i));
                weights[i] = id < 0 ? 0 : w.get(churned, id) - w.get(stayed, id);
            }
            int biasColumn = w.getDimension2Size() - 1;
            double bias = w.get(churned, biasColumn) - w.get(stayed, biasColumn);
            return new ChurnModel(version, ChurnFeatures.NAMES, standardiser.means, standardiser.scales, weights, bias,
                    report);
        }
    }

    private record Standardiser(double[] means, double[] scales) {
        Example<Label> example(LabelledObservation o) {
            double[] x = new double[means.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (o.features()[i] - means[i]) / scales[i];
            }
            return new ArrayExample<>(o.churned() ? CHURNED : STAYED, ChurnFeatures.NAMES.toArray(new String[0]), x);
        }
    }

    private static Set<Long> pick(Set<Long> players, double share, long seed) {
        List<Long> sorted = new ArrayList<>(players);
        sorted.sort(null);
        shuffle(sorted, new SplittableRandom(seed));
        return new HashSet<>(sorted.subList(0, (int) Math.round(sorted.size() * share)));
    }

    private static void shuffle(List<Long> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }

    private static boolean hasBothClasses(List<LabelledObservation> rows) {
        return rows.stream().anyMatch(LabelledObservation::churned) && rows.stream().anyMatch(o -> !o.churned());
    }

    private static void requireBothClasses(List<LabelledObservation> rows, String what) {
        if (!hasBothClasses(rows)) {
            throw new IllegalArgumentException("the " + what + " players must include both players who left and "
                    + "players who stayed: " + rows.size() + " examples. Is there enough history (weeks) in ClickHouse?");
        }
    }
}
