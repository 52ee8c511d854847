package dev.lustre.ir.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.lustre.ir.api.Lenient;
import dev.lustre.ir.api.RecoveryPolicySpec;
import dev.lustre.ir.api.RecoveryPolicySpec.CloseMethod;
import dev.lustre.ir.operator.SpecValidator;
import dev.lustre.ir.policy.ClientState;
import dev.lustre.ir.policy.Decision;
import dev.lustre.ir.policy.EffectivePolicy;
import dev.lustre.ir.policy.Plan;
import dev.lustre.ir.policy.PolicyResolver;
import dev.lustre.ir.policy.RecoveryDecider;
import dev.lustre.ir.policy.RoundObservation;
import dev.lustre.ir.report.AgentError;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code agent decide}: the operator's pure decision for a round run without Kubernetes (Ansible's
 * {@code standalone} role), so that no playbook re-states the policy. It reads the observations
 * ({@link StandaloneRound}) and a LustreRecoveryPolicy, runs {@link RecoveryDecider}, and prints the
 * decision with, for a close, the exact arguments of the server's {@code agent close-window}: the
 * UUIDs in it are only those the decider selected (roster hosts proven dead, never a target's, never
 * one two hosts claim), and close-window evicts only those its server still lists as missing.
 */
final class DecideCommand {
    static final String COMMAND = "decide";
    private static final YAMLMapper POLICY_MAPPER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final long MAX_INPUT_BYTES = 64L << 20;

    private DecideCommand() {
    }

    /** Decides, or throws {@link AgentException} with BadArguments naming what is wrong. */
    static String run(Path observations, Path policyFile, Instant now) {
        EffectivePolicy policy = policy(policyFile);
        StandaloneRound round = StandaloneRound.parse(read(observations, "--observations"), policy, now);
        return render(round, RecoveryDecider.decide(round.observation())).toString();
    }

    private static ObjectNode render(StandaloneRound round, Decision d) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        RoundObservation o = round.observation();
        out.put("command", COMMAND);
        out.put("target", round.target().name());
        if (!round.server().ok()) {
            out.put("decision", "Fail");
            out.put("reason", "the server's inspection failed: " + round.server().error() + ": " + round.server().message());
        } else if (round.server().recovery() != null && !round.server().recovery().status().windowOpen()) {
            // What Lustre says outranks what the policy would do: a closed window needs nothing.
            out.put("decision", "LustreFinished");
            out.put("reason", round.target().name() + " is " + round.server().recovery().status()
                    + ": the window is closed; nothing to do");
        } else if (d instanceof Decision.Wait w) {
            out.put("decision", "Wait");
            out.put("reason", w.reason());
            out.put("nextCheck", w.nextCheck().toString());
        } else if (d instanceof Decision.AllBack) {
            out.put("decision", "AllBack");
            out.put("reason", "all clients reconnected; no eviction needed: Lustre ends recovery itself");
        } else if (d instanceof Decision.LeaveToLustre l) {
            out.put("decision", "LeaveToLustre");
            out.put("reason", l.reason());
        } else if (d instanceof Decision.AwaitApproval a) {
            out.put("decision", "AwaitApproval");
            out.put("reason", "the policy requires approval of this plan: decide again with \"approved\": true");
            plan(out, round, a.plan());
        } else if (d instanceof Decision.Close c) {
            out.put("decision", "Close");
            out.put("closedBy", c.closedBy().name());
            out.put("reason", c.plan().reason());
            plan(out, round, c.plan());
        }
        ObjectNode counts = out.putObject("counts");
        counts.put("expected", o.expected());
        counts.put("reconnected", o.count(ClientState.Reconnected));
        counts.put("dead", o.count(ClientState.Dead));
        counts.put("failed", o.count(ClientState.Failed));
        counts.put("pending", o.count(ClientState.Pending) + o.count(ClientState.Running));
        return out;
    }

    private static void plan(ObjectNode out, StandaloneRound round, Plan plan) {
        boolean abort = plan.action() == CloseMethod.AbortRecovery;
        out.put("abort", abort);
        ArrayNode uuids = out.putArray("evictUuids");
        plan.uuids().forEach(uuids::add);
        if (plan.leftToLustre() != null) {
            out.put("leftToLustre", plan.leftToLustre());
        }
        List<String> args = new ArrayList<>(List.of("close-window", "--target", round.target().name()));
        if (abort) {
            args.add("--abort");
        } else {
            plan.uuids().forEach(u -> args.addAll(List.of("--evict-uuid", u)));
        }
        ArrayNode closeArgs = out.putArray("closeArgs");
        args.forEach(closeArgs::add);
    }

    /** The policy file (a LustreRecoveryPolicy, or only its spec) resolved over the defaults. */
    static EffectivePolicy policy(Path file) {
        if (file == null) {
            return PolicyResolver.resolve(null, null);
        }
        JsonNode root;
        try {
            root = POLICY_MAPPER.readTree(read(file, "--policy"));
        } catch (JsonProcessingException e) {
            throw bad("--policy: not YAML: " + e.getOriginalMessage());
        }
        String prefix = "policy";
        if (root != null && root.has("kind")) {
            if (!"LustreRecoveryPolicy".equals(root.get("kind").asText())) {
                throw bad("--policy: kind " + AgentArguments.printable(root.get("kind").asText()) + ", not LustreRecoveryPolicy");
            }
            root = root.get("spec");
            prefix = "spec";
        }
        if (root == null || root.isNull()) {
            return PolicyResolver.resolve(null, null);
        }
        if (!root.isObject()) {
            throw bad("--policy: " + prefix + " is not a mapping of policy fields");
        }
        RecoveryPolicySpec spec;
        try {
            spec = POLICY_MAPPER.treeToValue(root, RecoveryPolicySpec.class);
        } catch (JsonMappingException e) {
            throw bad("--policy: " + prefix + "." + Lenient.path(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw bad("--policy: " + e.getOriginalMessage());
        }
        List<String> errors = SpecValidator.validatePolicyFields(prefix, spec);
        if (!errors.isEmpty()) {
            throw bad("--policy: " + String.join("; ", errors));
        }
        return PolicyResolver.resolve(spec, null);
    }

    private static String read(Path file, String option) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_INPUT_BYTES) {
                throw bad(option + " '" + AgentArguments.printable(file.toString()) + "' is not a readable file of at most "
                        + (MAX_INPUT_BYTES >> 20) + " MiB");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw bad(option + " '" + AgentArguments.printable(file.toString()) + "': " + e.getMessage());
        }
    }

    private static AgentException bad(String message) {
        return new AgentException(AgentError.BadArguments, message);
    }
}
