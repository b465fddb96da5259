package org.newsnode.storage.config;

import java.util.List;

/**
 * How this node treats control messages (RFC 5537 §5): the control.ctl rules, the last
 * matching one deciding (no match: drop, as INN); the OpenPGP keys verify-SIGNER rules check
 * against; and whether a cancel of an article that carries no Cancel-Lock is honoured.
 */
public record ControlConfig(List<ControlRule> rules, String keyring, CancelPolicy cancelWithoutLock) {
    /** A cancel of a target without Cancel-Lock (RFC 8315 §3.5 leaves it to the site). */
    public enum CancelPolicy {
        /** Honoured when the cancel was injected where the target was (INN's old practice). */
        INJECTOR,
        /** Always honoured. */
        ANY,
        /** Never honoured. */
        NEVER
    }

    public ControlConfig {
        rules = List.copyOf(rules);
    }

    /** The action for a control message of this type from this address for this group (last match wins). */
    public ControlRule decide(String type, String sender, String group) {
        for (int i = rules.size() - 1; i >= 0; i--) {
            if (rules.get(i).matches(type, sender, group)) {
                return rules.get(i);
            }
        }
        return null;
    }
}
