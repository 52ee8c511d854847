package dev.lustre.ir.operator;

import dev.lustre.ir.api.LustreFailoverStatus;
import java.time.Duration;
import java.util.Set;

/**
 * Moves a round one step: observe the round ({@link RoundObserver}), decide where it goes
 * ({@link RoundTransitions}, with {@link dev.lustre.ir.policy.RecoveryDecider}), act
 * ({@link RoundActuator}), record ({@link RoundPresenter}). Everything but the recorded status is
 * read from the API server at each step, so a restarted operator continues where the last one
 * stopped, adopting its Jobs and the objects it issued to the resident agents.
 */
class RoundDriver {
    private final RoundObserver observer;
    private final RoundTransitions transitions;
    private final RoundActuator actuator;

    RoundDriver(AgentJobFactory factory, JobLauncher launcher, OrderLauncher orders, Roster roster, Inventory inventory) {
        this.observer = new RoundObserver(
                (lfo, round) -> StepFailedException.during("reading the roster", () -> roster.get(lfo, round)),
                lfo -> StepFailedException.during("reading the client inventory", () -> inventory.read(lfo)));
        this.transitions = new RoundTransitions(factory.closeTimeout());
        this.actuator = new RoundActuator(factory, launcher, inventory, orders);
    }

    /** The round's new status, and when to look again (null once the round is over). */
    record Stepped(LustreFailoverStatus status, Duration again) {
    }

    Stepped step(RoundState st) {
        RoundSnapshot seen = observer.observe(st);
        RoundStep step = transitions.next(st.status(), seen);
        actuator.apply(st.lfo(), st.round(), st.policy(), step, st.agents().round());
        return new Stepped(RoundPresenter.present(st.status(), seen, step, st.lfo().getMetadata().getGeneration()), step.again());
    }

    /** Keeps only what was read of these Jobs (by UID): the others are gone. */
    void retainJobs(Set<String> jobUids) {
        observer.retainJobs(jobUids);
    }
}
