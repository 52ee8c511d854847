package dev.lustre.ir.agent;

import java.nio.file.Path;
import java.time.Instant;

/**
 * {@code agent decide}: the observations file, the policy file (null: the defaults) and the time to
 * decide at (null: now).
 */
public record DecideRequest(Path observations, Path policy, Instant now) {
}
