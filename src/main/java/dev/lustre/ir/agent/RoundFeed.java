package dev.lustre.ir.agent;

import dev.lustre.ir.api.LustreClose;
import dev.lustre.ir.api.LustreRound;

/**
 * Where a resident agent learns of rounds and of the closes it must carry out. In a real agent, its
 * own informers on LustreRound and LustreClose in its namespace; the simulated runtime, which hosts
 * thousands of agents in one process, feeds them all from one shared informer instead.
 */
public interface RoundFeed extends AutoCloseable {
    /** Called on the feed's thread; a listener hands long work to threads of its own. */
    interface Listener {
        /** A round appeared; {@code existing} when it was there before the feed started (an agent restart). */
        void round(LustreRound round, boolean existing);

        /** A close appeared; {@code existing} as for rounds. */
        void close(LustreClose close, boolean existing);

        /**
         * The operator marked a round ended ({@code ir.lustre.dev/round-ended}), the one change ever
         * made to a round: the server's agent stops observing it.
         */
        default void roundEnded(LustreRound round) {
        }

        /**
         * A round was deleted (its failover was, or the operator cleaned up): the server's agent stops
         * observing it. A deleted close needs nothing (it was carried out, or it will not be).
         */
        default void roundDeleted(LustreRound round) {
        }
    }

    void start(Listener listener);

    @Override
    void close();
}
