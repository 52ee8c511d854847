package dev.lustre.ir.operator;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Two replicas, one arbiter: only the holder of the Lease reconciles, so a round is never driven
 * twice (two arbiters on one target would be a split brain). A standby takes over once the Lease
 * expires: a leader killed outright is replaced within {@code leaseDuration} plus a retry period.
 * A leader that cannot renew in time stops leading and exits, so the Deployment restarts it as a
 * standby rather than it acting on a lease it no longer holds. The defaults are the framework's and
 * kube-controller-manager's (15 s, 10 s, 2 s): shorter ones make a slow API server look like a dead
 * leader; a site whose API server is often that slow lengthens them.
 *
 * <p>Active in the {@code prod} profile (what the product jar runs), never in tests that start their
 * own operators (quarkus.operator-sdk.activate-leader-election-for-profiles).
 */
public class LeaderElection {
    @ConfigMapping(prefix = "lustre-ir.leader-election")
    public interface Settings {
        /** The Lease's name, in the operator's namespace. */
        @WithDefault("lustre-ir-operator-leader")
        String leaseName();

        /** The Lease's namespace; by default the operator's own (POD_NAMESPACE, else the client's). */
        Optional<String> leaseNamespace();

        /** This replica's name in the Lease; by default the pod's name (HOSTNAME), else a random one. */
        Optional<String> identity();

        /** How long a Lease not renewed still holds: the longest a dead leader is waited for. */
        @WithDefault("15s")
        Duration leaseDuration();

        /** How long the leader keeps trying to renew before it gives up leading (and exits). */
        @WithDefault("10s")
        Duration renewDeadline();

        /** How often the Lease is tried, by the leader and by the standbys. */
        @WithDefault("2s")
        Duration retryPeriod();
    }

    @Produces
    @Singleton
    LeaderElectionConfiguration configuration(Settings settings) {
        String namespace = settings.leaseNamespace().or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE"))).orElse(null);
        // Two replicas must never share an identity: each would take the other's Lease for its own.
        String identity = settings.identity().or(() -> Optional.ofNullable(System.getenv("HOSTNAME")))
                .orElseGet(() -> "lustre-ir-operator-" + UUID.randomUUID());
        return new LeaderElectionConfiguration(settings.leaseName(), namespace, settings.leaseDuration(),
                settings.renewDeadline(), settings.retryPeriod(), identity, null, true);
    }
}
