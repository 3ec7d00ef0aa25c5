package io.playpulse.migration;

import static io.playpulse.config.PlayPulseOptions.PLAYER_RETENTION;

import io.playpulse.PlayPulseJob;
import io.playpulse.config.PlayPulseConfig;
import java.time.Duration;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.api.SavepointReader;
import org.apache.flink.state.api.SavepointWriter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Rewrites a savepoint of a build up to 12c398b into one the current job restores from: the
 * player function's state classes moved to the {@code player} package ({@link PlayerStateMigration}),
 * the server-health rows the server-health rule holds to the {@code server} package ({@link
 * ServerHealthRuleMigration}). Every other operator's state is carried over as it is. scripts/migrate-savepoint.sh runs it:
 * {@code --from SAVEPOINT --to DIR [--flink-conf DIR] [--player-retention 30 d]}; the player
 * retention must be the job's, as it decides which profiles have already expired.
 */
public final class SavepointMigration {
    private SavepointMigration() {}

    public static void main(String[] args) throws Exception {
        ParameterTool params = ParameterTool.fromArgs(args);
        PlayPulseConfig config = PlayPulseConfig.from(args, PlayPulseJob.flinkConfiguration(args));
        migrate(params.getRequired("from"), params.getRequired("to"), config.get(PLAYER_RETENTION));
        System.out.println("migrated savepoint: " + params.get("to"));
    }

    public static void migrate(String from, String to, Duration playerRetention) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        HashMapStateBackend stateBackend = new HashMapStateBackend();
        SavepointReader earlier = SavepointReader.read(env, from, stateBackend);
        SavepointWriter.fromExistingSavepoint(env, from, stateBackend)
                .removeOperator(PlayerStateMigration.PLAYER_ACTIVITY)
                .withOperator(PlayerStateMigration.PLAYER_ACTIVITY, PlayerStateMigration.write(
                        PlayerStateMigration.read(earlier, playerRetention), playerRetention))
                .removeOperator(ServerHealthRuleMigration.SERVER_HEALTH_RULE)
                .withOperator(ServerHealthRuleMigration.SERVER_HEALTH_RULE, ServerHealthRuleMigration.write(
                        ServerHealthRuleMigration.read(earlier)))
                .write(to);
        env.execute("PlayPulse savepoint migration");
    }
}
