package org.newsnode.feeder;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.newsnode.storage.config.PeerConfig;
import org.newsnode.storage.text.Printable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a dialled connection says before it offers: the greeting, CAPABILITIES when needed
 * (RFC 3977 §5.2), STARTTLS (RFC 4642), the login (RFC 4643), COMPRESS (RFC 8054), MODE
 * STREAM (RFC 4644 §2.3) or IHAVE, in that order. One per connection; its {@link Link} writes,
 * adds the layers and is told when the connection is up or failed. Called under the link's lock.
 */
final class Negotiation {
    private static final Logger log = LoggerFactory.getLogger("newsnode.feed");
    /** Capability lines kept from one answer; a longer list is a broken or hostile peer (RFC 3977 §5.2). */
    static final int MAX_CAPABILITIES = 256;

    enum Step { GREETING, CAPABILITIES, STARTTLS, HANDSHAKE, LOGIN_USER, LOGIN_PASS, COMPRESS, MODE_STREAM, DONE }

    /** The dialling link, as the negotiation needs it. */
    interface Link {
        /** One command line, CRLF included. */
        void send(String line);

        /** Puts TLS in front of everything: the handshake starts now. */
        void startTls();

        /** Puts DEFLATE under TLS (or in front): both directions compressed from now on. */
        void startCompression();

        /** Ends the connection and backs off, for {@code why}. */
        void failed(String why);

        /** Negotiation is over: offer in {@code mode}. */
        void up(OfferWindow.Mode mode, String how);
    }

    /** What a link says once, not on every reconnect. */
    static final class Said {
        boolean plain;
        boolean loginInClear;
    }

    private final PeerConfig peer;
    private final FeedCounters counters;
    private final Said said;
    private final Link link;
    /** The peer's capability list as last read, upper-cased; nothing a peer said outlives its connection. */
    private final Set<String> capabilities = new HashSet<>();
    private boolean capabilityList;
    private boolean secured;
    private Step step = Step.GREETING;

    Negotiation(PeerConfig peer, FeedCounters counters, Said said, Link link) {
        this.peer = peer;
        this.counters = counters;
        this.said = said;
        this.link = link;
    }

    Step step() {
        return step;
    }

    /** True while an answer is owed (the response deadline applies). */
    boolean owed() {
        return step != Step.DONE;
    }

    /** One response line while negotiating. */
    void response(int code, String line) {
        switch (step) {
            case GREETING -> {
                if (code != 200 && code != 201) {
                    link.failed("greeting " + line);
                    return;
                }
                counters.connectedSince = System.currentTimeMillis();
                if (counters.noCapabilities && peer.tls() != PeerConfig.Tls.STARTTLS) {
                    // (with tls = "starttls" it must be asked: STARTTLS is only ever learnt from it)
                    capabilities.clear();
                    capabilitiesKnown(); // RFC 3977 §5.2 is not universal: this peer offers nothing we ask for
                } else if (peer.tls() != PeerConfig.Tls.OFF || peer.compress()) {
                    askCapabilities();
                } else {
                    login();
                }
            }
            case CAPABILITIES -> capabilityLine(code, line);
            case STARTTLS -> {
                if (code == 382) {
                    step = Step.HANDSHAKE; // RFC 4642 §2.2.2: the handshake starts now
                    link.startTls();
                } else {
                    // it offered STARTTLS: going on in clear text could be a downgrade, so no link
                    link.failed("STARTTLS answered \"" + line + "\"");
                }
            }
            case COMPRESS -> {
                if (code == 206) {
                    link.startCompression();
                    counters.layers = (secured ? counters.layers : "plain") + "+deflate";
                } else {
                    log.info("feed {}: COMPRESS answered \"{}\"; going on uncompressed", peer.name(), Printable.of(line));
                }
                loggedIn();
            }
            case LOGIN_USER, LOGIN_PASS -> {
                if (code == 381 && step == Step.LOGIN_USER) {
                    step = Step.LOGIN_PASS;
                    link.send("AUTHINFO PASS " + peer.login().password() + "\r\n");
                } else if (code == 281) {
                    afterLogin();
                } else {
                    link.failed("login as " + peer.login().user() + " refused: " + line); // RFC 4643 §2.3.2
                }
            }
            case MODE_STREAM -> {
                if (code == 480 || code == 483) {
                    link.failed("MODE STREAM answered \"" + line + "\"" + (peer.login() == null
                            ? " (the peer wants a login: set login-user and login-password)" : ""));
                } else if (code == 203) {
                    done(OfferWindow.Mode.STREAM, "streaming");
                } else {
                    done(OfferWindow.Mode.IHAVE, "IHAVE"); // RFC 4644 §2.3: no streaming, fall back to IHAVE
                }
            }
            default -> log.debug("feed {}: unexpected \"{}\" while {}", peer.name(), Printable.of(line), step);
        }
    }

    /** The offer window found the peer does not know IHAVE: ask MODE STREAM on this connection. */
    void askStream() {
        step = Step.MODE_STREAM;
        link.send("MODE STREAM\r\n");
    }

    /** The TLS handshake finished (STARTTLS or implicit): the capabilities are read again (RFC 4642 §2.2.2). */
    void secured(javax.net.ssl.SSLSession t) {
        secured = true;
        counters.layers = t == null ? "TLS" : t.getProtocol();
        log.info("feed {}: TLS established with {}:{} ({} {})", peer.name(), peer.host(), peer.port(),
                t == null ? "?" : t.getProtocol(), t == null ? "?" : t.getCipherSuite());
        if (step == Step.HANDSHAKE) {
            askCapabilities();
        }
    }

    private void askCapabilities() {
        step = Step.CAPABILITIES;
        capabilities.clear();
        capabilityList = false;
        link.send("CAPABILITIES\r\n");
    }

    /** One line of the answer to CAPABILITIES; at its end, TLS, login and compression in that order. */
    private void capabilityLine(int code, String line) {
        if (!capabilityList) {
            if (code == 101) {
                capabilityList = true;
                return;
            }
            if (code >= 500) {
                counters.noCapabilities = true; // an old server without CAPABILITIES (RFC 3977 §5.2): nothing offered
            }
            capabilitiesKnown(); // any other answer (480, 4xx): nothing offered on this connection, nothing remembered
            return;
        }
        if (line.equals(".")) {
            counters.capabilityDrops = 0;
            capabilitiesKnown();
        } else if (capabilities.size() >= MAX_CAPABILITIES) {
            capabilities.clear();
            link.failed("a capability list of over " + MAX_CAPABILITIES + " lines");
        } else {
            capabilities.add(line.strip().toUpperCase(Locale.ROOT));
        }
    }

    private void capabilitiesKnown() {
        if (!secured && peer.tls() != PeerConfig.Tls.OFF) {
            if (capabilities.contains("STARTTLS")) {
                step = Step.STARTTLS;
                link.send("STARTTLS\r\n");
                return;
            }
            if (peer.tls() == PeerConfig.Tls.STARTTLS) {
                link.failed("the peer offers no STARTTLS (tls = \"starttls\" in its [[peer]])");
                return;
            }
            if (peer.login() != null) {
                // with "auto" a man in the middle could strip STARTTLS and read the password: only "off" says plain is meant
                link.failed("the peer offers no STARTTLS and this link logs in as " + peer.login().user()
                        + ": the password would cross in clear text (tls = \"off\" in its [[peer]] allows that)");
                return;
            }
            if (!said.plain) {
                said.plain = true; // tls = "auto": said once per link, not on every reconnect
                log.info("feed {}: the peer offers no STARTTLS; the link is not encrypted", peer.name());
            }
        }
        login();
    }

    private void login() {
        if (!secured) {
            counters.layers = "plain";
        }
        if (peer.login() != null) {
            if (!secured && !said.loginInClear) {
                said.loginInClear = true; // said once per link: the password crosses the network readable
                log.warn("feed {}: logging in as {} over an unencrypted link (the peer offers no STARTTLS; set tls = \"starttls\" to refuse)",
                        peer.name(), peer.login().user());
            }
            step = Step.LOGIN_USER;
            link.send("AUTHINFO USER " + peer.login().user() + "\r\n");
        } else {
            afterLogin();
        }
    }

    /** RFC 8054 §2.2.2: compression after TLS and login, when the peer offers it and the config allows. */
    private void afterLogin() {
        if (peer.compress() && capabilities.stream().anyMatch(c -> c.startsWith("COMPRESS") && c.contains("DEFLATE"))) {
            step = Step.COMPRESS;
            link.send("COMPRESS DEFLATE\r\n");
        } else {
            loggedIn();
        }
    }

    /** RFC 4643 §2.2: streaming is asked for after logging in, as capabilities may change with it. */
    private void loggedIn() {
        if (peer.streaming()) {
            step = Step.MODE_STREAM;
            link.send("MODE STREAM\r\n");
        } else {
            done(OfferWindow.Mode.IHAVE, "IHAVE");
        }
    }

    private void done(OfferWindow.Mode mode, String how) {
        step = Step.DONE;
        link.up(mode, how);
    }
}
