package dev.pitwall.app.sql;

/** How {@code pitwall sql} prints a result: see {@link ResultFormatter}. */
public enum OutputFormat { TABLE, CSV, JSON }
