package org.newsnode.storage.config;

/**
 * The SMTP server this node sends mail through (submissions to moderators, control
 * messages a rule says to mail): {@code host} null means no mail can be sent.
 *
 * @param security {@code off}, {@code starttls} (required) or {@code implicit} (SMTPS)
 * @param from     the envelope and From address of the node's mail
 * @param operator where control messages with the {@code mail} action go
 */
public record MailConfig(String host, int port, String security, String user, String password, String from,
                         String operator) {
    public boolean configured() {
        return host != null;
    }
}
