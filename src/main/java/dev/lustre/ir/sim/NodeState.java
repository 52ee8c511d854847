package dev.lustre.ir.sim;

/** One simulated host and the devices it holds. */
final class NodeState {
    enum Role { CLIENT, MDS, SERVER, MGS }

    String name;
    Role role;
    boolean alive = true;
    /** Indices into SimState.mounts of this node's client devices, in device-number order. */
    int[] mounts = new int[0];
    String mgcUuid;

    NodeState() {
    }

    NodeState(String name, Role role) {
        this.name = name;
        this.role = role;
    }
}
