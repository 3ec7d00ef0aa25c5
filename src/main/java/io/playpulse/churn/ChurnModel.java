package io.playpulse.churn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.playpulse.player.ChurnFeatures;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A churn model as the job runs it: logistic regression over standardised features,
 * p = 1 / (1 + e^-(bias + sum w_i (x_i - mean_i) / scale_i)). The trainer writes it, the job reads
 * it; both score through {@link #probability}, so they agree to the last bit. The file is JSON
 * (models/churn-*.json), versioned by its {@code version}.
 */
public final class ChurnModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static final double HIGH_RISK = 0.7;
    public static final double MEDIUM_RISK = 0.3;

    private final String version;
    private final List<String> features;
    private final double[] means;
    private final double[] scales;
    private final double[] weights;
    private final double bias;
    private final Map<String, Object> report;

    public ChurnModel(String version, List<String> features, double[] means, double[] scales, double[] weights,
            double bias, Map<String, Object> report) {
        if (features.size() != means.length || means.length != scales.length || scales.length != weights.length) {
            throw new IllegalArgumentException("model arrays must match its features");
        }
        this.version = version;
        this.features = List.copyOf(features);
        this.means = means.clone();
        this.scales = scales.clone();
        this.weights = weights.clone();
        this.bias = bias;
        this.report = new LinkedHashMap<>(report);
    }

    public String version() {
        return version;
    }

    public Map<String, Object> report() {
        return report;
    }

    /** The churn probability of a feature vector in {@link ChurnFeatures#NAMES} order. */
    public double probability(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * (x[i] - means[i]) / scales[i];
        }
        return 1.0 / (1.0 + Math.exp(-z));
    }

    /** high above 0.7, medium above 0.3, otherwise low. */
    public static String riskLevel(double probability) {
        return probability > HIGH_RISK ? "high" : probability > MEDIUM_RISK ? "medium" : "low";
    }

    /** Reads a model and checks it was trained on the features this job computes. */
    public static ChurnModel read(Path file) throws IOException {
        JsonNode n = JSON.readTree(file.toFile());
        List<String> names = new ArrayList<>();
        n.get("features").forEach(f -> names.add(f.asText()));
        if (!names.equals(ChurnFeatures.NAMES)) {
            throw new IOException(file + " was trained on features " + names + ", the job computes "
                    + ChurnFeatures.NAMES);
        }
        Map<String, Object> report = new LinkedHashMap<>();
        if (n.has("report")) {
            n.get("report").fields().forEachRemaining(e -> report.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class)));
        }
        return new ChurnModel(n.get("version").asText(), names, doubles(n.get("means")), doubles(n.get("scales")),
                doubles(n.get("weights")), n.get("bias").asDouble(), report);
    }

    public void write(Path file) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("version", version);
        n.put("kind", "logistic_regression");
        ArrayNode names = n.putArray("features");
        features.forEach(names::add);
        put(n.putArray("means"), means);
        put(n.putArray("scales"), scales);
        put(n.putArray("weights"), weights);
        n.put("bias", bias);
        n.set("report", JSON.valueToTree(report));
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        JSON.writeValue(file.toFile(), n);
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    private static void put(ArrayNode array, double[] values) {
        for (double v : values) {
            array.add(v);
        }
    }
}
