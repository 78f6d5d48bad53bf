package io.selvedge.shared;

/** One bad field of a request: the JSON path ({@code lines[0].quantity}) and what is wrong with it. */
public record FieldError(String field, String message) {
}
