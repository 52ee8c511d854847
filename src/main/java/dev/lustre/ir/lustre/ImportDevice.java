package dev.lustre.ir.lustre;

/**
 * A device that reaches a Lustre service through an import (a {@code struct client_obd}), from one
 * {@code lctl dl} line: a client mount's osc and mdc devices, the MGC, and a server's osp and lwp
 * devices towards other targets.
 *
 * @param type osc, mdc, mgc, osp or lwp
 * @param target the target it connects to, e.g. {@code lustre-OST0001}; null for the MGC, whose
 *     peer is the MGS (named by the NID in the device's name)
 * @param uuid column 5: for a client mount's devices the client's UUID, the one servers list in
 *     recovery_stale_clients and evict by; a new one at every mount
 */
public record ImportDevice(String type, String name, String target, String uuid) {
}
