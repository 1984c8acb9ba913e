/** The judge over HTTP. */
package dev.arbiter.server;
