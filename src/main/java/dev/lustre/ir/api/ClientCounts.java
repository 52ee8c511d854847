package dev.lustre.ir.api;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClientCounts {
    public int expected;
    public int dispatched;
    public int reconnected;
    public int dead;
    public int failed;
    public int pending;
}
