package org.newsnode.storage.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Migrations run with H2's own parser: literals and comments holding ';' or "--" are what SQL says. */
class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void semicolonsAndDashesInsideLiteralsAndCommentsStayWhatTheyAre() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("t").toAbsolutePath())) {
            Migrations.run(c, "T1__literals.sql");
            List<String> values = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT v FROM t ORDER BY id")) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            assertEquals(List.of("one; two", "three -- four", "five;\nsix"), values);
        }
    }

    @Test
    void theShippedScriptsBuildTheSchemaAndRecordTheirVersion() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:" + dir.resolve("s").toAbsolutePath())) {
            Migrations.apply(c);
            assertEquals(Migrations.SCRIPTS.size(), Migrations.currentVersion(c));
            Migrations.apply(c); // a second start applies nothing
            assertEquals(Migrations.SCRIPTS.size(), Migrations.currentVersion(c));
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM store_state")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
