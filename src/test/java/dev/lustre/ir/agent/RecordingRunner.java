package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.LctlRunner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Wraps a runner and records every argv, to assert which lctl commands were (not) issued. */
final class RecordingRunner implements LctlRunner {
    private final LctlRunner delegate;
    private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());

    RecordingRunner(LctlRunner delegate) {
        this.delegate = delegate;
    }

    @Override
    public CommandResult run(List<String> args) {
        calls.add(List.copyOf(args));
        return delegate.run(args);
    }

    List<List<String>> calls() {
        return List.copyOf(calls);
    }

    /** set_param and --device commands: everything that changes state. */
    List<List<String>> writes() {
        return calls().stream().filter(a -> a.get(0).equals("set_param") || a.get(0).equals("--device")).toList();
    }
}
