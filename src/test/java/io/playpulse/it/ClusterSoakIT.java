package io.playpulse.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short soak on a real multi-process cluster (scripts/cluster.sh): live traffic while the
 * TaskManager is SIGKILLed twice and ClickHouse is stopped for 20 s, at random moments; every output
 * must be exact afterwards, and the job fresh again after each fault. scripts/soak.sh runs the long one.
 */
class ClusterSoakIT {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theJobOnARealClusterLosesAndDoublesNothingThroughSigkilledTaskManagersAndAClickHouseOutage() throws Exception {
        ClusterSoak.Plan plan = ClusterSoak.Plan.inTheSuite();
        ClusterSoak.Report report;
        try (Cluster cluster = Cluster.start(LiveServices.freePort(), Path.of("target", "soak-cluster.log"))) {
            report = new ClusterSoak(plan, cluster).run();
        }
        System.out.print(report.summary());

        assertThat(report.problems()).as("differences between the outputs and the input").isEmpty();
        assertThat(report.recoveries()).extracting(ClusterSoak.Recovery::fault)
                .containsExactlyInAnyOrderElementsOf(plan.faultsInRandomOrder());
        assertThat(report.recoveries()).allSatisfy(r ->
                assertThat(r.freshAgainAfter()).isLessThanOrEqualTo(ClusterSoak.RECOVERY_LIMIT));
        assertThat(report.restarts())
                .as("each SIGKILLed TaskManager restarted the job; the outage did not")
                .isEqualTo(plan.taskManagerKills());
        assertThat(report.sent().malformedAt()).as("the traffic holds malformed records").isNotEmpty();
        assertThat(report.sent().duplicates()).as("and client retries").isPositive();
    }
}
