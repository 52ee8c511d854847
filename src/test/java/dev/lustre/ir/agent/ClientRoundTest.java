package dev.lustre.ir.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lustre.ir.lustre.CommandResult;
import dev.lustre.ir.lustre.Fixtures;
import org.junit.jupiter.api.Test;

/** Whether a node takes part in a round at all: only a device list that lists no client of the file system says no. */
class ClientRoundTest {

    private static boolean isClientOf(String dlOutput, String fsName) {
        return ClientRound.isClientOf(new Lctl(args -> CommandResult.success(dlOutput)), fsName);
    }

    @Test
    void aClientOfTheFileSystemTakesPart() {
        assertTrue(isClientOf(Fixtures.read("dl-client.txt"), "lustre"));
    }

    @Test
    void aNodeWithoutClientsOfTheFileSystemDoesNot() {
        assertFalse(isClientOf(Fixtures.read("dl-client.txt"), "scratch"));
        assertFalse(isClientOf("", "lustre"), "no device at all");
    }

    @Test
    void aGarbledDeviceListIsNoAnswerAndTheReconnectIsTried() {
        // What a truncated or broken read prints: no line of it is a device. Taken as "no client here",
        // the node's agent would stay silent in the round.
        assertTrue(isClientOf("status: \u0000\u0007\u001b[2J\nconnection:\n   current_connection: \uFFFD\n", "lustre"));
    }
}
