package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.RecoveryState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark runs 5,000 clients: the simulator answers every node's lctl and its evictions at that
 * size. (How long it takes is the benchmark's to measure, not this test's.)
 */
class SimScaleTest {

    @Test
    void fiveThousandClientsReconnectAndFiftyEvictionsCompleteRecovery() {
        ManualClock clock = SimClock.manual();
        SimCluster c = SimCluster.builder().target("lustre-OST0001").clients(5000).dead(50).ir(true).seed(99)
                .clock(clock).build();
        List<String> nodes = c.clientNodes();
        int lines = 0;
        for (String n : nodes) {
            if (c.isAlive(n)) {
                lines += c.lctl(n).run(List.of("dl")).stdout().split("\n").length;
            }
        }
        c.failover();
        clock.advance(Duration.ofSeconds(11));
        for (String n : nodes) {
            if (c.isAlive(n)) {
                c.lctl(n).run(List.of("get_param", "-n", "osc.*.import"));
            }
        }
        assertEquals(4950 * 2, lines);
        assertEquals(4950, c.target().connected());
        for (String u : c.deadClientUuids()) {
            c.lctl("oss2").run(List.of("set_param", "obdfilter.lustre-OST0001.evict_client=" + u));
        }
        clock.advance(Duration.ofSeconds(60));
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
        String stale = c.lctl("oss2").run(List.of("get_param", "-n", "obdfilter.*.recovery_stale_clients")).stdout();
        assertTrue(stale.isEmpty());
    }
}
