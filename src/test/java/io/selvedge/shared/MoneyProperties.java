package io.selvedge.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Currency;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class MoneyProperties {

    private static final Currency USD = Currency.getInstance("USD");
    private static final Currency JPY = Currency.getInstance("JPY");

    @Property
    void decimalStringRoundTrips(@ForAll @LongRange(min = -1_000_000_000_000L, max = 1_000_000_000_000L) long minor) {
        Money money = new Money(minor, USD);
        assertThat(Money.parse(money.toDecimalString(), USD)).isEqualTo(money);
    }

    @Property
    void additionIsExactAndReversible(@ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long a,
                                      @ForAll @LongRange(min = -1_000_000_000L, max = 1_000_000_000L) long b) {
        Money x = new Money(a, USD);
        Money y = new Money(b, USD);
        assertThat(x.plus(y).minus(y)).isEqualTo(x);
        assertThat(x.plus(y).minor()).isEqualTo(a + b);
    }

    @Test
    void refusesMoreDecimalsThanTheCurrencyHas() {
        assertThatThrownBy(() -> Money.parse("89.001", USD)).hasMessageContaining("more decimals");
        assertThatThrownBy(() -> Money.parse("100.5", JPY)).hasMessageContaining("more decimals");
        assertThat(Money.parse("89.5", USD).minor()).isEqualTo(8950);
        assertThat(Money.parse("89.500", USD).minor()).isEqualTo(8950);
    }

    @Test
    void refusesFloatsInDisguiseAndGarbage() {
        assertThatThrownBy(() -> Money.parse("1e3", USD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse("12,50", USD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse("", USD)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.parse(null, USD)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToMixCurrencies() {
        assertThatThrownBy(() -> new Money(1, USD).plus(new Money(1, JPY))).hasMessageContaining("currency mismatch");
    }
}
