package org.newsnode.storage.config;

import java.util.ArrayList;
import java.util.List;
import org.tomlj.TomlParseResult;

/** The [[peer]] tables of newsnode.toml, read and checked one key at a time (every error names it). */
final class PeerTables {
    private PeerTables() {
    }

    /** accept-groups: a wildmat (RFC 3977 §4) of the groups a peer may feed us; default all. */
    private static org.newsnode.storage.text.Wildmat acceptGroups(ConfigReader pr) throws ConfigException {
        try {
            return org.newsnode.storage.text.Wildmat.parse(pr.string("accept-groups"));
        } catch (IllegalArgumentException e) {
            throw pr.error("accept-groups", e.getMessage());
        }
    }

    /** The [[peer]] tables: each needs a unique name, a host and the peer's path identity. */
    static List<PeerConfig> parse(TomlParseResult toml, ConfigReader r, List<UserConfig> users) throws ConfigException {
        List<PeerConfig> peers = new ArrayList<>();
        java.util.Map<String, String> peerByUser = new java.util.HashMap<>();
        for (ConfigReader pr : NodeConfig.tables(toml, r, "peer", ConfigKeys.peerNames())) {
            String name = pr.string("name");
            String host = pr.string("host");
            if (host == null || host.isBlank()) {
                throw pr.error("host", "missing (the address the peer connects from and is fed at)");
            }
            String pathId = pr.string("path-identity");
            if (pathId == null || !PathIdentity.isValid(pathId)) {
                throw pr.error("path-identity", pathId == null ? "missing (the name the peer puts in Path)"
                        : "\"" + pathId + "\" is not a valid path identity");
            }
            List<String> aliases = pr.strings("aliases");
            for (String a : aliases) {
                if (!PathIdentity.isValid(a)) {
                    throw pr.error("aliases", "\"" + a + "\" is not a valid path identity");
                }
            }
            long port = pr.integer("port");
            org.newsnode.storage.text.FeedPattern groups;
            try {
                groups = org.newsnode.storage.text.FeedPattern.parse(pr.string("groups"));
            } catch (IllegalArgumentException e) {
                throw pr.error("groups", e.getMessage());
            }
            boolean streaming = pr.bool("streaming");
            long maxSize = pr.integer("max-size");
            long window = pr.integer("window");
            String source = pr.string("source-address");
            long connections = pr.integer("connections");
            List<String> distributions = pr.strings("distributions");
            for (String d : distributions) {
                if (!org.newsnode.storage.text.Wildmat.isValid(d) || d.contains(",")) {
                    throw pr.error("distributions", "\"" + d + "\" is not a distribution pattern");
                }
            }
            String user = pr.string("user");
            if (user != null) {
                if (users.stream().noneMatch(u -> u.name().equals(user))) {
                    throw pr.error("user", "no [[user]] named \"" + user + "\" (add one with `newsnode user add " + user + "`)");
                }
                String other = peerByUser.putIfAbsent(user, name);
                if (other != null) {
                    throw pr.error("user", "user \"" + user + "\" already identifies peer \"" + other + "\"");
                }
            }
            String loginUser = pr.string("login-user");
            String loginPassword = pr.string("login-password");
            if ((loginUser == null) != (loginPassword == null)) {
                throw pr.error(loginUser == null ? "login-user" : "login-password",
                        "login-user and login-password go together (the credentials this node gives the peer)");
            }
            if (loginUser != null && (loginUser.isEmpty() || loginUser.chars().anyMatch(c -> c <= ' ' || c == 127))) {
                throw pr.error("login-user", "must be non-empty without spaces or control characters");
            }
            if (loginPassword != null && loginPassword.chars().anyMatch(c -> c < ' ' || c == 127)) {
                throw pr.error("login-password", "must not contain control characters");
            }
            PeerConfig.Login login = loginUser == null ? null : new PeerConfig.Login(loginUser, loginPassword);
            String tlsText = pr.string("tls");
            PeerConfig.Tls tls = PeerConfig.Tls.parse(tlsText);
            if (tls == null) {
                throw pr.error("tls", "\"" + tlsText + "\" is not one of auto, starttls, implicit, off");
            }
            if (tls == PeerConfig.Tls.IMPLICIT && !pr.toml().contains("port")) {
                port = 563; // RFC 4642 §1: nntps
            }
            String pin = pr.string("tls-fingerprint");
            if (pin != null) {
                if (PeerConfig.normalizeFingerprint(pin) == null) {
                    throw pr.error("tls-fingerprint", "\"" + pin + "\" is not a SHA-256 fingerprint (sha256: and 64 hex digits)");
                }
                if (tls == PeerConfig.Tls.OFF) {
                    throw pr.error("tls-fingerprint", "set, but tls = \"off\"");
                }
            }
            peers.add(new PeerConfig(name, host, (int) port, pathId, List.copyOf(aliases), groups, streaming,
                    (int) maxSize, (int) window, source, (int) connections, List.copyOf(distributions), user, login,
                    tls, pin, pr.bool("compress"), acceptGroups(pr), (int) pr.integer("response-timeout-seconds")));
        }
        return List.copyOf(peers);
    }
}
