package org.newsnode.storage.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The key table drives the parser, the reload check and README: each is checked against it here. */
class ConfigKeysTest {
    private static final String BASE = "path-identity = \"n.example\"\n";

    private static String readme() throws Exception {
        return Files.readString(Path.of("..", "README.md"));
    }

    @Test
    void readmesKeyTableIsTheTable() throws Exception {
        String text = readme();
        List<String> rows = ConfigKeys.readmeRows();
        int at = text.indexOf(rows.get(0));
        assertTrue(at >= 0, "README has no key table header " + rows.get(0));
        List<String> inReadme = text.substring(at).lines().takeWhile(l -> l.startsWith("|")).toList();
        assertEquals(rows, inReadme, "README's configuration table differs from ConfigKeys (print ConfigKeys.readmeRows())");
    }

    @Test
    void everyPeerKeyIsInReadmesSamplePeer() throws Exception {
        String text = readme();
        String sample = text.substring(text.indexOf("[[peer]]\nname = "));
        sample = sample.substring(0, sample.indexOf("```"));
        for (ConfigKeys.Key k : ConfigKeys.peerKeys()) {
            String key = k.name().substring("peer.".length());
            assertTrue(sample.contains("\n" + key + " = "), "README's sample [[peer]] lacks " + key);
        }
    }

    @Test
    void theDefaultsAreWhatAnEmptyFileGives() throws Exception {
        NodeConfig c = NodeConfig.parse(BASE, "t.toml");
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            if (k.value() == null || k.def() == null) {
                continue; // reloadable keys and computed defaults are checked by the parser tests
            }
            Object v = k.value().apply(c);
            switch (k.type()) {
                case INTEGER -> assertEquals(k.defaultLong(), v instanceof java.time.Duration d
                        ? (k.name().endsWith("-minutes") ? d.toMinutes() : d.toDays()) : ((Number) v).longValue(), k.name());
                case BOOLEAN -> assertEquals(k.def(), v, k.name());
                default -> {
                    // lists and strings: shown as the README says, compared by the next test through a change
                }
            }
        }
    }

    @Test
    void changingAKeyThatNeedsARestartIsNamedAndOnlyThatKey() throws Exception {
        NodeConfig before = NodeConfig.parse(BASE, "t.toml");
        for (ConfigKeys.Key k : ConfigKeys.all()) {
            String value = switch (k.type()) {
                case INTEGER -> String.valueOf(k.def() == null ? k.min() + 1 : k.defaultLong() == k.max() ? k.min() : k.defaultLong() + 1);
                case BOOLEAN -> String.valueOf(!(Boolean) k.def());
                default -> null;
            };
            if (value == null || k.name().startsWith("tls.")) {
                continue; // strings and the [tls] table need files or other keys to be valid
            }
            String section = k.name().contains(".") ? k.name().substring(0, k.name().indexOf('.')) : null;
            String key = section == null ? k.name() : k.name().substring(section.length() + 1);
            if (k.name().equals("expiry.remember-days")) {
                value = "30";
            }
            NodeConfig after = NodeConfig.parse(BASE + (section == null ? "" : "[" + section + "]\n") + key + " = " + value + "\n",
                    "t.toml");
            assertEquals(k.reloadable() ? List.of() : List.of(k.name()), before.needsRestartFor(after), k.name() + " = " + value);
        }
    }

    @Test
    void anUnknownKeyNamesTheKnownOnes() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> NodeConfig.parse(BASE + "[server]\nlisten-on = \"x\"\n", "t.toml"));
        assertTrue(e.getMessage().contains("server.listen-on: unknown key (known keys: "), e.getMessage());
        assertTrue(e.getMessage().contains("server.listen,"), e.getMessage());
    }
}
