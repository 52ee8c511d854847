package dev.lustre.ir.sim;

import dev.lustre.ir.lustre.RecoveryState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Benchmarks run 5,000 clients: building them and answering each node's lctl must stay cheap. */
class SimScaleTest {

    @Test
    void fiveThousandClients() {
        ManualClock clock = SimClock.manual();
        long t0 = System.nanoTime();
        SimCluster c = SimCluster.builder().target("lustre-OST0001").clients(5000).dead(50).ir(true).seed(99)
                .clock(clock).build();
        long built = System.nanoTime();
        List<String> nodes = c.clientNodes();
        int lines = 0;
        for (String n : nodes) {
            if (c.isAlive(n)) {
                lines += c.lctl(n).run(List.of("dl")).stdout().split("\n").length;
            }
        }
        long dl = System.nanoTime();
        c.failover();
        clock.advance(Duration.ofSeconds(11));
        for (String n : nodes) {
            if (c.isAlive(n)) {
                c.lctl(n).run(List.of("get_param", "-n", "osc.*.import"));
            }
        }
        long imports = System.nanoTime();
        assertEquals(4950 * 2, lines);
        assertEquals(4950, c.target().connected());
        for (String u : c.deadClientUuids()) {
            c.lctl("oss2").run(List.of("set_param", "obdfilter.lustre-OST0001.evict_client=" + u));
        }
        clock.advance(Duration.ofSeconds(60));
        long evicted = System.nanoTime();
        assertEquals(RecoveryState.COMPLETE, c.recoveryStatus());
        String stale = c.lctl("oss2").run(List.of("get_param", "-n", "obdfilter.*.recovery_stale_clients")).stdout();
        assertTrue(stale.isEmpty());
        System.out.printf("5000 clients: build %d ms, dl on every node %d ms, failover + import on every node %d ms,"
                        + " 50 evictions + completion %d ms%n",
                (built - t0) / 1_000_000, (dl - built) / 1_000_000, (imports - dl) / 1_000_000,
                (evicted - imports) / 1_000_000);
    }
}
