package dev.lustre.ir.operator;

import java.util.function.Supplier;

/** An API call inside a round's step failed; the message says which, for the status and the Event. */
final class StepFailedException extends RuntimeException {
    StepFailedException(String action, RuntimeException cause) {
        super(action + " failed: " + cause.getMessage(), cause);
    }

    static <T> T during(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (StepFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StepFailedException(action, e);
        }
    }

    static void during(String action, Runnable call) {
        during(action, () -> {
            call.run();
            return null;
        });
    }
}
