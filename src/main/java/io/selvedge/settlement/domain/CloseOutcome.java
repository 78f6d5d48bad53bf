package io.selvedge.settlement.domain;

import java.util.List;

/** What closing a day comes to: closed, or refused for a reason the caller can fix. */
public sealed interface CloseOutcome {

    record Closed(ClosedDay day) implements CloseOutcome {
    }

    /** Registers that took cash on the day but have no drawer count. */
    record MissingDrawerCount(List<String> registers) implements CloseOutcome {
    }

    /** The contract's finance mapping names no account for {@code group}/{@code key}. */
    record UnmappedAccount(String group, String key) implements CloseOutcome {
    }
}
