package dev.lustre.ir.api;

public enum ClosedBy { AllReconnected, Quorum, Deadline, Approved, LustreFinishedOnItsOwn }
