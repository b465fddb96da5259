package org.newsnode.nntp.command;

/**
 * A command whose cost the client chooses (it scans overview, history or articles): it runs on
 * the scan pool, never on an I/O thread, and its output waits for the client to read.
 */
interface Scanning {
}
