package io.selvedge.customers;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.selvedge.customers.domain.EmailAddress;
import io.selvedge.customers.domain.PhoneNumber;
import java.util.Objects;

/**
 * What a source system says of a customer; any part may be null. Personal data: never log it. {@code read} is how
 * the directory read the email and phone when it {@linkplain CustomerDirectory#check checked} these details, so the
 * write resolves them without reading them again (a phone number costs tens of microseconds to parse); it is never
 * stored, and details are equal whatever it holds.
 */
public record CustomerDetails(String email, String phone, String firstName, String lastName, @JsonIgnore Read read) {

    public CustomerDetails(String email, String phone, String firstName, String lastName) {
        this(email, phone, firstName, lastName, null);
    }

    public boolean isEmpty() {
        return blank(email) && blank(phone) && blank(firstName) && blank(lastName);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CustomerDetails d && Objects.equals(email, d.email) && Objects.equals(phone, d.phone)
                && Objects.equals(firstName, d.firstName) && Objects.equals(lastName, d.lastName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(email, phone, firstName, lastName);
    }

    @Override
    public String toString() {
        return "CustomerDetails[redacted]";
    }

    /** The email and phone as read for one default country; null where absent or unusable. The directory's own. */
    public static final class Read {

        final String defaultCountry;
        final EmailAddress email;
        final PhoneNumber phone;

        Read(String defaultCountry, EmailAddress email, PhoneNumber phone) {
            this.defaultCountry = defaultCountry;
            this.email = email;
            this.phone = phone;
        }

        @Override
        public String toString() {
            return "Read[redacted]";
        }
    }
}
