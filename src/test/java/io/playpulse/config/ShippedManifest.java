package io.playpulse.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** k8s/playpulse.yaml as the tests read it: the FlinkDeployment, and its flinkConfiguration as strings. */
final class ShippedManifest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path FILE = Path.of("k8s", "playpulse.yaml");

    private ShippedManifest() {}

    static JsonNode read() {
        return YAML.readTree(FILE.toFile());
    }

    /** spec.flinkConfiguration, each value as the operator passes it to Flink: a string. */
    static Map<String, String> flinkConfiguration() {
        JsonNode configuration = read().path("spec").path("flinkConfiguration");
        Map<String, String> settings = new HashMap<>();
        for (String key : configuration.propertyNames()) {
            settings.put(key, configuration.path(key).asString());
        }
        return settings;
    }
}
