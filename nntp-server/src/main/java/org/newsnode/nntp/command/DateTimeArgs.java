package org.newsnode.nntp.command;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The date and time arguments of NEWGROUPS and NEWNEWS (RFC 3977 §7.3.2). */
final class DateTimeArgs {
    private DateTimeArgs() {
    }

    /**
     * Parses date (yymmdd or yyyymmdd), time (hhmmss) and an optional "GMT" in args from
     * index {@code at}; without GMT the time is the server's local time. Returns null when
     * malformed.
     */
    static Instant parse(List<String> args, int at, Instant now, ZoneId local) {
        String date = args.get(at);
        String time = args.get(at + 1);
        boolean gmt = args.size() > at + 2 && args.get(at + 2).toUpperCase(Locale.ROOT).equals("GMT");
        if (!(date.length() == 6 || date.length() == 8) || time.length() != 6
                || !date.chars().allMatch(Character::isDigit) || !time.chars().allMatch(Character::isDigit)) {
            return null;
        }
        ZoneId zone = gmt ? ZoneOffset.UTC : local;
        int year;
        int md = date.length() - 4;
        if (date.length() == 6) {
            // RFC 3977 §7.3.2: a two-digit year is in the current century unless that is in the future
            int yy = Integer.parseInt(date.substring(0, 2));
            int thisYear = now.atZone(zone).getYear();
            year = thisYear / 100 * 100 + yy;
            if (year > thisYear) {
                year -= 100;
            }
        } else {
            year = Integer.parseInt(date.substring(0, 4));
        }
        try {
            LocalDateTime t = LocalDateTime.of(year, Integer.parseInt(date.substring(md, md + 2)),
                    Integer.parseInt(date.substring(md + 2)), Integer.parseInt(time.substring(0, 2)),
                    Integer.parseInt(time.substring(2, 4)), Integer.parseInt(time.substring(4, 6)));
            return t.atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** Index after date, time and an optional GMT. */
    static int after(List<String> args, int at) {
        return args.size() > at + 2 && args.get(at + 2).equalsIgnoreCase("GMT") ? at + 3 : at + 2;
    }
}
