package dev.pyro.env;

/** One catalog entry; {@code installed} says whether sandboxes can use it now. */
public record Environment(String name, String description, boolean installed) {
}
