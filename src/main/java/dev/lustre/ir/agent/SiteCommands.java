package dev.lustre.ir.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lustre.ir.lustre.LctlRunner;
import dev.lustre.ir.report.AgentError;

import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * The agent's commands for sites that run rounds without Kubernetes (Ansible's {@code standalone}
 * role): {@code facts} reads a client's Lustre facts ahead of a failure, so a host that is dead at
 * failover time still has known UUIDs; {@code decide} is the operator's decision over what the
 * site gathered. Both print one JSON object and talk to no API server.
 */
final class SiteCommands {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private SiteCommands() {
    }

    static boolean handles(List<String> args) {
        return !args.isEmpty() && (args.get(0).equals(FactsRequest.COMMAND) || args.get(0).equals(DecideCommand.COMMAND));
    }

    static AgentOutcome run(List<String> args, Function<List<String>, LctlRunner> runnerForPrefix, Clock clock) {
        String command = args.get(0);
        try {
            if (command.equals(FactsRequest.COMMAND)) {
                FactsRequest r = AgentArguments.parseFacts(args);
                return new AgentOutcome(AgentOutcome.OK, facts(r, new Lctl(runnerForPrefix.apply(r.lctlPrefix())), clock));
            }
            DecideRequest r = AgentArguments.parseDecide(args);
            return new AgentOutcome(AgentOutcome.OK,
                    DecideCommand.run(r.observations(), r.policy(), r.now() == null ? clock.instant() : r.now()));
        } catch (AgentException e) {
            return failure(command, e);
        } catch (RuntimeException e) {
            return failure(command, new AgentException(AgentError.LctlFailed, "unexpected failure: " + e));
        }
    }

    private static String facts(FactsRequest r, Lctl lctl, Clock clock) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("command", FactsRequest.COMMAND);
        out.put("ok", true);
        out.put("node", r.node());
        out.setAll((ObjectNode) MAPPER.valueToTree(NodeFacts.read(lctl).toStatus(clock.instant())));
        return out.toString();
    }

    private static AgentOutcome failure(String command, AgentException e) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("command", command);
        out.put("ok", false);
        out.put("error", e.error().name());
        out.put("message", e.getMessage());
        return new AgentOutcome(e.error() == AgentError.BadArguments ? AgentOutcome.BAD_ARGUMENTS : AgentOutcome.FAILED,
                out.toString());
    }
}
