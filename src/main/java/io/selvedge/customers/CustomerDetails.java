package io.selvedge.customers;

/** What a source system says of a customer; any part may be null. Personal data: never log it. */
public record CustomerDetails(String email, String phone, String firstName, String lastName) {

    public boolean isEmpty() {
        return blank(email) && blank(phone) && blank(firstName) && blank(lastName);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
