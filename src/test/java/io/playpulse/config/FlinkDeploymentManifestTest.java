package io.playpulse.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code k8s/playpulse.yaml} against the Flink Kubernetes Operator's own FlinkDeployment CRD (the
 * operator's published file, in test resources), as the API server would check it on {@code kubectl
 * apply}: the served version's OpenAPI schema, with unknown fields refused (kubectl's strict field
 * validation) wherever the CRD does not keep them.
 */
class FlinkDeploymentManifestTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String CRD = "/k8s/flinkdeployments.flink.apache.org-v1.yml";
    private static final String CLICKHOUSE_SECRET = "playpulse-clickhouse";

    // What the manifest is sized for (docs/deploying.md, "Sizing"): the design's 10,000 events/s and
    // 100,000 players online, a one-minute outage caught up within two, a third of the heap kept free.
    private static final long DESIGN_EVENTS_PER_SECOND = 10_000;
    private static final long PLAYERS_ONLINE = 100_000;
    private static final double CAPACITY_OVER_RATE = 1.5;
    private static final double HEAP_FILLED_AT_MOST = 2.0 / 3;
    // Measured by scripts/bench.sh on this machine (2026-11-30): the whole job's records/s per slot
    // (9,921 with two slots, Kafka and ClickHouse on the same two cores), and StateFootprint's heap
    // per event id within the de-duplication horizon and per player (2026-12-01, the largest of three runs).
    private static final long MEASURED_EVENTS_PER_SLOT = 4_960;
    private static final long HEAP_BYTES_PER_EVENT_ID = 129;
    private static final long HEAP_BYTES_PER_PLAYER = 1_974;

    private static final JsonNode CRD_NODE = readCrd();
    /**
     * OpenAPI 3.0, as Kubernetes writes CRD schemas. Its own keywords check nothing by themselves:
     * {@link #strict} acts on preserve-unknown-fields, and int-or-string comes with an anyOf that checks it.
     */
    private static final Dialect KUBERNETES = Dialect.builder(Dialects.getOpenApi30())
            .keyword(new NonValidationKeyword("x-kubernetes-preserve-unknown-fields"))
            .keyword(new NonValidationKeyword("x-kubernetes-int-or-string"))
            .build();
    private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(KUBERNETES)
            .getSchema(strict(withTypeAndObjectMeta(versionNamedBy(manifest()).at("/schema/openAPIV3Schema").deepCopy())));

    @Test
    void theManifestFitsTheOperatorsFlinkDeploymentSchema() {
        JsonNode manifest = manifest();
        assertThat(manifest.path("apiVersion").asString()).startsWith(CRD_NODE.at("/spec/group").asString() + "/");
        assertThat(manifest.path("kind").asString()).isEqualTo(CRD_NODE.at("/spec/names/kind").asString());
        assertThat(versionNamedBy(manifest).path("served").asBoolean()).as("the CRD serves that version").isTrue();
        assertThat(SCHEMA.validate(manifest)).isEmpty();
    }

    @Test
    void itRunsTheFlinkVersionTheJobIsBuiltWith() {
        String[] built = EnvironmentInformation.getVersion().split("\\.");
        assertThat(manifest().at("/spec/flinkVersion").asString()).isEqualTo("v" + built[0] + "_" + built[1]);
    }

    @Test
    void itKeepsStateAcrossFailoversAndUpgrades() {
        JsonNode spec = manifest().path("spec");
        JsonNode conf = spec.path("flinkConfiguration");
        assertThat(conf.path("high-availability.type").asString()).isEqualTo("kubernetes");
        assertThat(conf.path("high-availability.storageDir").asString()).isNotBlank();
        assertThat(conf.path("execution.checkpointing.dir").asString()).isNotBlank();
        assertThat(conf.path("execution.checkpointing.savepoint-dir").asString()).isNotBlank();
        assertThat(conf.path("execution.checkpointing.externalized-checkpoint-retention").asString())
                .isEqualTo("RETAIN_ON_CANCELLATION");
        assertThat(conf.path("pipeline.auto-generate-uids").asString()).isEqualTo("false");
        assertThat(spec.at("/job/upgradeMode").asString()).isEqualTo("savepoint");
        assertThat(spec.at("/job/allowNonRestoredState").asBoolean()).isFalse();
    }

    @Test
    void theClickHouseCredentialsComeFromTheSecretAndNowhereElse() {
        JsonNode spec = manifest().path("spec");
        JsonNode container = spec.at("/podTemplate/spec/containers/0");
        assertThat(container.path("name").asString()).isEqualTo("flink-main-container");
        for (String variable : List.of(PlayPulseConfig.CLICKHOUSE_USER_ENV, PlayPulseConfig.CLICKHOUSE_PASSWORD_ENV)) {
            JsonNode env = null;
            for (JsonNode candidate : container.path("env")) {
                if (candidate.path("name").asString().equals(variable)) {
                    env = candidate;
                }
            }
            assertThat(env).as(variable).isNotNull();
            assertThat(env.has("value")).as("%s has no literal value", variable).isFalse();
            assertThat(env.at("/valueFrom/secretKeyRef/name").asString()).isEqualTo(CLICKHOUSE_SECRET);
        }
        assertThat(spec.path("flinkConfiguration").propertyNames())
                .noneMatch(key -> key.toLowerCase(Locale.ROOT).contains("password"));
    }

    @Test
    void itsTaskManagersCarryTheDesignRateAndItsState() {
        JsonNode spec = manifest().path("spec");
        Configuration taskManager = Configuration.fromMap(ShippedManifest.flinkConfiguration());
        int parallelism = spec.at("/job/parallelism").asInt();
        int slots = taskManager.get(TaskManagerOptions.NUM_TASK_SLOTS);
        int taskManagers = (parallelism + slots - 1) / slots;
        assertThat(parallelism * MEASURED_EVENTS_PER_SLOT).as("records/s the slots carry")
                .isGreaterThanOrEqualTo((long) (CAPACITY_OVER_RATE * DESIGN_EVENTS_PER_SECOND));
        assertThat(spec.at("/taskManager/resource/cpu").asDouble()).as("a core per slot").isGreaterThanOrEqualTo(slots);

        // The operator sets the process size from the TaskManager's resource.
        taskManager.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(spec.at("/taskManager/resource/memory").asString()));
        long taskHeap = TaskExecutorProcessUtils.processSpecFromConfig(taskManager).getTaskHeapSize().getBytes();
        long horizonSeconds = PlayPulseConfig.from(new String[0], taskManager).get(PlayPulseOptions.DEDUP_HORIZON).toSeconds();
        long state = DESIGN_EVENTS_PER_SECOND * horizonSeconds * HEAP_BYTES_PER_EVENT_ID + PLAYERS_ONLINE * HEAP_BYTES_PER_PLAYER;
        assertThat(state).as("heap the state holds, against %d TaskManagers' task heap of %d bytes", taskManagers, taskHeap)
                .isLessThanOrEqualTo((long) (HEAP_FILLED_AT_MOST * taskManagers * taskHeap));
    }

    /** Each change is one a hand could make; the schema must refuse it where it is, or the test above proves nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void theSchemaRefusesAMistakeWhereItIs(String mistake, Consumer<ObjectNode> change, String where) {
        ObjectNode manifest = (ObjectNode) manifest();
        change.accept(manifest);
        List<Error> errors = SCHEMA.validate(manifest);
        assertThat(errors).as(mistake).isNotEmpty();
        assertThat(errors).extracting(e -> e.getInstanceLocation().toString()).as(mistake).containsOnly(where);
    }

    static List<Object[]> mistakes() {
        return List.of(
                mistake("an upgrade mode the operator does not have", m -> job(m).put("upgradeMode", "savepoints"),
                        "/spec/job/upgradeMode"),
                mistake("a Flink version written as its release", m -> spec(m).put("flinkVersion", "2.2"), "/spec/flinkVersion"),
                mistake("a misspelt job field", m -> job(m).put("parallelsim", 4), "/spec/job"),
                mistake("a CPU count that is not a number", m -> ((ObjectNode) spec(m).at("/taskManager/resource")).put("cpu", "two"),
                        "/spec/taskManager/resource/cpu"),
                mistake("a secret reference under the wrong name",
                        m -> {
                            ObjectNode valueFrom = (ObjectNode) spec(m).at("/podTemplate/spec/containers/0/env/1/valueFrom");
                            valueFrom.set("secretRef", valueFrom.remove("secretKeyRef"));
                        },
                        "/spec/podTemplate/spec/containers/0/env/1/valueFrom"));
    }

    private static Object[] mistake(String what, Consumer<ObjectNode> change, String where) {
        return new Object[] {what, change, where};
    }

    private static ObjectNode spec(ObjectNode manifest) {
        return (ObjectNode) manifest.path("spec");
    }

    private static ObjectNode job(ObjectNode manifest) {
        return (ObjectNode) spec(manifest).path("job");
    }

    private static JsonNode manifest() {
        return ShippedManifest.read();
    }

    private static JsonNode readCrd() {
        try (InputStream in = FlinkDeploymentManifestTest.class.getResourceAsStream(CRD)) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CRD's version that the manifest's apiVersion names: what {@code kubectl apply} checks it against. */
    private static JsonNode versionNamedBy(JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asString();
        for (JsonNode version : CRD_NODE.at("/spec/versions")) {
            if (apiVersion.endsWith("/" + version.path("name").asString())) {
                return version;
            }
        }
        throw new IllegalStateException("the CRD has no version " + apiVersion);
    }

    /** Every resource has these at its root; a CRD's schema leaves them to the API server. */
    private static JsonNode withTypeAndObjectMeta(JsonNode schema) {
        ObjectNode properties = (ObjectNode) schema.path("properties");
        properties.putObject("apiVersion").put("type", "string");
        properties.putObject("kind").put("type", "string");
        properties.putObject("metadata").put("type", "object");
        return schema;
    }

    /**
     * The schema with unknown fields refused: Kubernetes prunes or (strict field validation) rejects a
     * field the schema does not name, unless the object keeps unknown fields or declares its own
     * additional properties, as flinkConfiguration and maps of labels do.
     */
    private static JsonNode strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return schema;
        }
        if (object.has("properties") && !object.has("additionalProperties")
                && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean()) {
            object.put("additionalProperties", false);
        }
        object.path("properties").forEach(FlinkDeploymentManifestTest::strict);
        strict(object.path("items"));
        strict(object.path("additionalProperties"));
        // Not into anyOf/allOf/oneOf: a structural schema declares its properties outside them.
        return schema;
    }
}
