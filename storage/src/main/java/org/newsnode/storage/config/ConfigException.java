package org.newsnode.storage.config;

/** A configuration error; the message names the file, line and key. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
