/**
 * The verdict's JSON wire form, encoded in one place: {@link dev.arbiter.core.json.VerdictJson}
 * writes the object that the CLI puts on each output line and that the server and the Spark adapter
 * return. Nothing here returns null.
 */
package dev.arbiter.core.json;
