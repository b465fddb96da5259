package org.newsnode.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.newsnode.storage.io.PrivateFiles;
import java.util.concurrent.Callable;
import org.newsnode.storage.config.ConfigException;
import org.newsnode.storage.config.NodeConfig;
import org.newsnode.nntp.net.SelfSigned;
import org.newsnode.nntp.net.TlsContexts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** newsnode tls: the node's certificate for STARTTLS, implicit TLS and what peers pin. */
@Command(name = "tls", mixinStandardHelpOptions = true,
        description = "Make a self-signed certificate for the node, or show the one it uses.",
        subcommands = {TlsCommand.SelfSignedCert.class, TlsCommand.Show.class},
        footer = {"", "Examples:", "  newsnode tls self-signed --name news.example.org",
                "  newsnode tls show                  (the fingerprint a peer puts in tls-fingerprint)"})
final class TlsCommand {
    private TlsCommand() {
    }

    /** Where `tls self-signed` puts the key and certificate, relative to the home. */
    static final String P12 = "tls/node.p12";

    @Command(name = "self-signed", mixinStandardHelpOptions = true,
            description = "Create an EC P-256 key and a self-signed certificate in tls/node.p12 and point [tls] at it. "
                    + "A running node uses it after a restart.")
    static final class SelfSignedCert implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Option(names = "--name", paramLabel = "NAME",
                description = "DNS name or IP address the certificate is for (repeatable; default: the path identity, localhost, 127.0.0.1, ::1).")
        List<String> names = new ArrayList<>();

        @Option(names = "--days", paramLabel = "N", defaultValue = "825", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            NodeHome h = home.resolve();
            try {
                String fp = create(h, names, days);
                spec.commandLine().getOut().println("created " + h.dir().resolve(P12) + " and set [tls] in " + h.configFile()
                        + "\ncertificate fingerprint (peers pin it with tls-fingerprint): " + fp
                        + "\nrestart the node to offer STARTTLS");
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("newsnode tls self-signed: " + e.getMessage());
                return 3;
            } catch (IOException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("newsnode tls self-signed: " + e.getMessage());
                return 1;
            }
        }
    }

    /**
     * Makes the key and certificate and adds certificate and password to [tls]; returns the
     * certificate's fingerprint. Refuses when the config already names a certificate.
     */
    static String create(NodeHome h, List<String> names, int days) throws IOException, ConfigException {
        if (days < 1 || days > 36_500) {
            throw new IllegalArgumentException("--days: " + days + " is out of range 1..36500");
        }
        NodeConfig config = h.loadConfig();
        if (config.tls().enabled()) {
            throw new ConfigException(h.configFile() + ": tls.certificate is set already (" + config.tls().certificate() + ")");
        }
        List<String> all = new ArrayList<>(names);
        if (all.isEmpty()) {
            all.addAll(List.of(config.pathIdentity(), "localhost", "127.0.0.1", "::1"));
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path p12 = h.dir().resolve(P12);
        SelfSigned.create(p12, password, all, days); // owner-only from its creation
        String text = Files.readString(h.configFile());
        String keys = "certificate = \"" + P12 + "\"\npassword = \"" + password + "\"\n";
        List<String> lines = new ArrayList<>(text.lines().toList());
        int at = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("[tls]")) {
                at = i;
            }
        }
        if (at >= 0) {
            lines.add(at + 1, keys.strip());
        } else {
            lines.add("");
            lines.add("[tls]");
            lines.add(keys.strip());
        }
        String fresh = String.join("\n", lines) + "\n";
        NodeConfig parsed = NodeConfig.parse(fresh, h.configFile().toString());
        TlsContexts.server(parsed.tls(), h.dir()); // the new file must work before it replaces the old one
        PrivateFiles.write(h.configFile(), fresh); // it now holds the key's password
        return TlsContexts.fingerprint(TlsContexts.chain(parsed.tls(), h.dir()).get(0));
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the node's certificate: subject, names, validity and SHA-256 fingerprint.")
    static final class Show implements Callable<Integer> {
        @Mixin
        HomeOption home;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            NodeHome h = home.resolve();
            try {
                NodeConfig config = h.loadConfig();
                if (!config.tls().enabled()) {
                    spec.commandLine().getErr().println("newsnode tls show: no [tls] certificate (make one with `newsnode tls self-signed`)");
                    return 1;
                }
                X509Certificate c = TlsContexts.chain(config.tls(), h.dir()).get(0);
                var out = spec.commandLine().getOut();
                out.println("subject:     " + c.getSubjectX500Principal().getName());
                out.println("issuer:      " + c.getIssuerX500Principal().getName());
                out.println("names:       " + (c.getSubjectAlternativeNames() == null ? "-"
                        : c.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList()));
                out.println("valid:       " + c.getNotBefore().toInstant() + " to " + c.getNotAfter().toInstant());
                out.println("fingerprint: " + TlsContexts.fingerprint(c));
                return 0;
            } catch (ConfigException e) {
                spec.commandLine().getErr().println("newsnode tls show: " + e.getMessage());
                return 3;
            } catch (java.security.cert.CertificateParsingException e) {
                spec.commandLine().getErr().println("newsnode tls show: " + e.getMessage());
                return 1;
            }
        }
    }
}
