package dev.lustre.ir.agent;

import dev.lustre.ir.lustre.RecoveryStatus;

import java.io.IOException;

/** The {@code recovery} object the operator reads: a recovery_status, fields absent when unknown. */
final class RecoveryJson {
    private RecoveryJson() {
    }

    static void write(JsonReport.Fields f, String name, RecoveryStatus s) throws IOException {
        f.generator().writeObjectFieldStart(name);
        f.str("status", s.status().name())
                .num("connected", s.connected())
                .num("total", s.total())
                .num("completed", s.completed())
                .num("evicted", s.evicted())
                .num("timeRemaining", s.timeRemaining())
                .num("recoveryStart", s.recoveryStart())
                .num("durationSeconds", s.durationSeconds())
                .str("ir", s.ir())
                .str("vbr", s.vbr())
                .num("timeWaited", s.timeWaited());
        if (s.nonReadyMdts() != null) {
            f.generator().writeArrayFieldStart("nonReadyMdts");
            for (int mdt : s.nonReadyMdts()) {
                f.generator().writeNumber(mdt);
            }
            f.generator().writeEndArray();
        }
        f.generator().writeEndObject();
    }
}
