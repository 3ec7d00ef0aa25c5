package io.playpulse.migration;

import static io.playpulse.config.PlayPulseOptions.PLAYER_RETENTION;

import io.playpulse.PlayPulseJob;
import io.playpulse.config.PlayPulseConfig;
import io.playpulse.detect.DenseStretch;
import io.playpulse.detect.DenseStretchGate;
import io.playpulse.detect.DetectGraph;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Rewrites a savepoint of an earlier build into one the current job restores from, each step where
 * the savepoint needs it (read from the savepoint itself, see {@link SavepointContents}):
 * <ul>
 *   <li>builds up to 12c398b: the player function's state classes moved to the {@code player}
 *       package ({@link PlayerStateMigration}), the server-health rows the server-health rule holds
 *       to the {@code server} package ({@link ServerHealthRuleMigration});
 *   <li>builds up to f887f90: the three gates in front of the counting patterns became one
 *       ({@link GateMigration}).
 * </ul>
 * Every other operator's state is carried over as it is. scripts/migrate-savepoint.sh runs it:
 * {@code --from SAVEPOINT --to DIR [--flink-conf DIR] [--player-retention 30 d]}; the configuration
 * must be the job's: the player retention decides which profiles have already expired, the
 * patterns' windows when the gate forgets.
 */
public final class SavepointMigration {
    private SavepointMigration() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        PlayPulseConfig config = PlayPulseConfig.from(args, PlayPulseJob.flinkConfiguration(args));
        migrate(params.getRequired("from"), params.getRequired("to"), config);
        System.out.println("migrated savepoint: " + params.get("to"));
    }

    public static void migrate(String from, String to, PlayPulseConfig config) throws Exception {
        SavepointContents contents = SavepointContents.of(from);
        List<DenseStretch> stretches = DetectGraph.denseStretches(config);
        boolean playerPackage = PlayerStateMigration.needed(contents);
        boolean oneGate = GateMigration.needed(contents, stretches);
        if (!playerPackage && !oneGate) {
            throw new IllegalArgumentException(from + " needs no migration: the current job restores from it as it is");
        }
        Duration playerRetention = config.get(PLAYER_RETENTION);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        HashMapStateBackend stateBackend = new HashMapStateBackend();
        SavepointReader earlier = SavepointReader.read(env, from, stateBackend);
        SavepointWriter migrated = SavepointWriter.fromExistingSavepoint(env, from, stateBackend);
        if (playerPackage) {
            migrated = migrated
                    .removeOperator(PlayerStateMigration.PLAYER_ACTIVITY)
                    .withOperator(PlayerStateMigration.PLAYER_ACTIVITY, PlayerStateMigration.write(
                            PlayerStateMigration.read(earlier, playerRetention), playerRetention))
                    .removeOperator(ServerHealthRuleMigration.SERVER_HEALTH_RULE)
                    .withOperator(ServerHealthRuleMigration.SERVER_HEALTH_RULE, ServerHealthRuleMigration.write(
                            ServerHealthRuleMigration.read(earlier)));
        }
        if (oneGate) {
            for (DenseStretch stretch : stretches) {
                if (contents.holdsState(GateMigration.earlierGate(stretch.rule()))) {
                    migrated = migrated.removeOperator(GateMigration.earlierGate(stretch.rule()));
                }
            }
            migrated = migrated.withOperator(GateMigration.DENSE_STRETCHES, GateMigration.write(
                    GateMigration.read(earlier, contents, stretches), new DenseStretchGate(stretches)));
        }
        migrated.write(to);
        env.execute("PlayPulse savepoint migration");
    }
}
