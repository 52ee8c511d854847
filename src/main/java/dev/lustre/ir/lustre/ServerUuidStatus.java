package dev.lustre.ir.lustre;

/**
 * One line of {@code {osc,mdc}.*.{ost,mds}_server_uuid}.
 *
 * @param targetUuid e.g. {@code lustre-OST0001_UUID}
 * @param deactivated the import was deactivated by an administrator (third column)
 */
public record ServerUuidStatus(String device, String targetUuid, ImportState state, boolean deactivated) {
}
